"""Query-string filters of /api/v1/reviews/ and /api/v1/competitor-practices/."""

import django_filters

from common.api.dates import StrictDateFilter
from common.api.filters import IdFilter, StrictChoiceFilter, exact_text_filter

from ..choices import ReviewKind, ReviewStatus
from ..models import CompetitorPractice, Review


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


# `from` and `to` are Python keywords, so they cannot be written as class attributes above.
ReviewFilterSet.base_filters["from"] = StrictDateFilter(
    field_name="occurred_at",
    lookup_expr="date__gte",
    help_text="Reviews of interactions on or after this day (YYYY-MM-DD).",
)
ReviewFilterSet.base_filters["to"] = StrictDateFilter(
    field_name="occurred_at",
    lookup_expr="date__lte",
    help_text="Reviews of interactions on or before this day (YYYY-MM-DD).",
)


class CompetitorPracticeFilterSet(django_filters.FilterSet):
    moment = IdFilter(field_name="moment", help_text="What competitors do at this moment.")

    class Meta:
        model = CompetitorPractice
        fields = ["moment"]
