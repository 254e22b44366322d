"""Query-string filters of /api/v1/responses/."""

import django_filters

from common.api.filters import (
    IdFilter,
    StrictBooleanFilter,
    StrictChoiceFilter,
    exact_text_filter,
)
from common.api.periods import period_filters

from ..choices import Metric, ScoreBand, Source
from ..models import LANGUAGE_CHOICES, Response
from ..responses.selectors import ResponseFilter, filter_responses


class ResponseFilterSet(django_filters.FilterSet):
    metric = StrictChoiceFilter(choices=Metric.choices, help_text="nps, csat or ces.")
    consultant = exact_text_filter(
        "consultant__employee_code", 40, "Responses credited to the consultant with this code."
    )
    location = exact_text_filter("location__code", 40, "Responses at the location with this code.")
    survey = IdFilter(field_name="survey", help_text="Answers to this survey.")
    touchpoint = IdFilter(field_name="touchpoint", help_text="Responses about this touchpoint.")
    moment = IdFilter(field_name="moment", help_text="Responses about this moment.")
    band = StrictChoiceFilter(
        choices=ScoreBand.choices,
        method="filter_band",
        help_text="promoter, passive or detractor (CSAT and CES: top, middle, bottom answers).",
    )
    has_comment = StrictBooleanFilter(
        method="filter_has_comment", help_text="true: with a comment; false: without."
    )
    source = StrictChoiceFilter(choices=Source.choices, help_text="How the response came in.")
    language = StrictChoiceFilter(choices=LANGUAGE_CHOICES, help_text="The answer's language.")
    external_id = exact_text_filter("external_id", 100, "The response with your id.")
    interaction_ref = exact_text_filter(
        "interaction_ref", 100, "Responses about the interaction with this call id or receipt."
    )

    class Meta:
        model = Response
        fields = [
            "metric",
            "consultant",
            "location",
            "survey",
            "touchpoint",
            "moment",
            "band",
            "has_comment",
            "source",
            "language",
            "external_id",
            "interaction_ref",
        ]

    # Days, bands and comments mean what they mean on the responses page: the selector's.
    def filter_band(self, queryset, name, value):
        return filter_responses(queryset, ResponseFilter(band=value))

    def filter_has_comment(self, queryset, name, value):
        return filter_responses(queryset, ResponseFilter(has_comment=value))

    def filter_from(self, queryset, name, value):
        return filter_responses(queryset, ResponseFilter(date_from=value))

    def filter_to(self, queryset, name, value):
        return filter_responses(queryset, ResponseFilter(date_to=value))


period_filters(
    ResponseFilterSet,
    start={
        "method": "filter_from",
        "help_text": "Answers given on or after this day (YYYY-MM-DD).",
    },
    end={"method": "filter_to", "help_text": "Answers given on or before this day (YYYY-MM-DD)."},
)
