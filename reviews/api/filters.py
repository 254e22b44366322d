"""Query-string filters of /api/v1/reviews/ and /api/v1/competitor-practices/."""

import django_filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from accounts.api.dates import StrictDateFilter
from accounts.api.filters import IdFilter, RejectEmpty, StrictChoiceFilter

from ..choices import ReviewKind, ReviewStatus
from ..models import CompetitorPractice, Review


class StrictCharField(RejectEmpty, forms.CharField):
    def __init__(self, **kwargs):
        # As sent: " E001" is not the code "E001".
        kwargs["strip"] = False
        super().__init__(**kwargs)


def _code_filter(field_name: str, max_length: int, help_text: str):
    """An exact code (employee code, location code): another organization's code, like
    an unknown one, finds nothing, since the list is already the caller's organization."""

    @extend_schema_field(
        {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": r"^[^\u0000]+$"}
    )
    class CodeFilter(django_filters.CharFilter):
        field_class = StrictCharField

    return CodeFilter(field_name=field_name, max_length=max_length, help_text=help_text)


class ReviewFilterSet(django_filters.FilterSet):
    consultant = _code_filter(
        "consultant__employee_code", 40, "Reviews of the consultant with this employee code."
    )
    location = _code_filter("location__code", 40, "Reviews at the location with this code.")
    kind = StrictChoiceFilter(choices=ReviewKind.choices, help_text="The kind of review.")
    status = StrictChoiceFilter(
        choices=ReviewStatus.choices, help_text="draft (being written) or submitted."
    )
    interaction_ref = _code_filter(
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
