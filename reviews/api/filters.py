"""Query-string filters of /api/v1/reviews/."""

import django_filters

from common.api.filters import StrictChoiceFilter, exact_text_filter
from common.api.periods import period_filters

from ..choices import ReviewKind, ReviewStatus
from ..models import Review


class ReviewFilterSet(django_filters.FilterSet):
    consultant = exact_text_filter(
        "consultant__employee_code", 40, "Reviews of the consultant with this employee code."
    )
    location = exact_text_filter("location__code", 40, "Reviews at the location with this code.")
    kind = StrictChoiceFilter(choices=ReviewKind.choices, help_text="The kind of review.")
    status = StrictChoiceFilter(
        choices=ReviewStatus.choices, help_text="draft (being written) or submitted."
    )
    interaction_ref = exact_text_filter(
        "interaction_ref", 100, "Reviews of the interaction with this call id or receipt number."
    )

    class Meta:
        model = Review
        fields = ["consultant", "location", "kind", "status", "interaction_ref"]


period_filters(
    ReviewFilterSet,
    start={
        "field_name": "occurred_at",
        "lookup_expr": "date__gte",
        "help_text": "Reviews of interactions on or after this day (YYYY-MM-DD).",
    },
    end={
        "field_name": "occurred_at",
        "lookup_expr": "date__lte",
        "help_text": "Reviews of interactions on or before this day (YYYY-MM-DD).",
    },
)
