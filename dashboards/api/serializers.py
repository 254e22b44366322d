"""/api/v1/scores/: the query it takes and the rows it answers with."""

from datetime import date, datetime

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.selectors import locations_for, members_for
from common.api.fields import CodeField, StrictChoiceField
from common.api.periods import PeriodQuery
from common.api.tenancy import api_organization
from reviews.api.fields import NamedEnumField
from surveys.choices import Metric

from ..selectors import SURVEY_GROUPINGS, Scope

METRICS = Metric.choices


class ScoreGroupingField(NamedEnumField):
    # Its own component: compliance has a `group_by` with other choices.
    enum_name = "ScoreGroupingEnum"
    enum_choices = [(g, g) for g in SURVEY_GROUPINGS]
    enum_description = (
        "`consultant`, `location`, `touchpoint`, `moment`, `day`, `week` (keyed by its "
        "Monday) or `month` (keyed by its first day)."
    )


class ScoresQuerySerializer(PeriodQuery):
    """The query string of /api/v1/scores/."""

    from_help = (
        "Responses on or after this day (YYYY-MM-DD), a local day of the "
        "response's location (the server's time zone for responses without a location)."
    )
    to_help = "Responses on or before this day (YYYY-MM-DD), a local day as for `from`."

    metric = StrictChoiceField(
        choices=METRICS,
        required=False,
        default=Metric.NPS,
        help_text="`nps` (0–10), `csat` (1–5) or `ces` (1–7); default `nps`.",
    )
    group_by = ScoreGroupingField(help_text="One row per group.")
    location = CodeField(
        selector=locations_for,
        unknown_message=_("Unknown location."),
        pk_only=True,
        required=False,
        help_text="Only responses at the location with this code.",
    )
    consultant = CodeField(
        selector=members_for,
        lookup="employee_code",
        unknown_message=_("Unknown consultant."),
        pk_only=True,
        required=False,
        help_text="Only responses credited to the member with this employee code. Staff "
        "signed in always get their own figures only.",
    )

    @property
    def organization(self):
        return api_organization(self.context["request"])

    def scope(self) -> Scope:
        params = self.validated_data
        location = params.get("location")
        period = self.period()
        return Scope(
            organization_id=self.organization.pk,
            date_from=period.start,
            date_to=period.end,
            location_ids=(location,) if location else None,
            consultant_id=params.get("consultant"),
        )


@extend_schema_field(
    {
        "oneOf": [
            {
                "type": "integer",
                "description": "The id of the consultant (membership), location, "
                "touchpoint or moment.",
            },
            {
                "type": "string",
                "format": "date",
                "description": "The day, the first day of the week (Monday) or of the month.",
            },
        ],
        "nullable": True,
        "description": "null for the responses credited to no consultant, location, "
        "touchpoint or moment.",
    }
)
class ScoreKeyField(serializers.Field):
    def to_representation(self, value):
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        return value


class ScoreFiguresSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="Responses.")
    promoters = serializers.IntegerField(
        help_text="The top band: NPS 9–10, CSAT 4–5 (satisfied), CES 6–7."
    )
    passives = serializers.IntegerField(help_text="The middle band: NPS 7–8, CSAT 3, CES 4–5.")
    detractors = serializers.IntegerField(help_text="The bottom band: NPS 0–6, CSAT 1–2, CES 1–3.")
    score = serializers.FloatField(
        allow_null=True,
        help_text="NPS (% promoters − % detractors, −100…100), CSAT (% satisfied) or CES "
        "(the mean, 1–7), one decimal; null without responses.",
    )
    margin = serializers.FloatField(
        allow_null=True,
        help_text="Margin of error at 95%: in points for NPS and CSAT; for CES the standard "
        "error of the mean × 1.96 (two decimals). Null without responses, and for CES with "
        "fewer than two.",
    )
    lower = serializers.FloatField(allow_null=True, help_text="score − margin.")
    upper = serializers.FloatField(allow_null=True, help_text="score + margin.")
    mean = serializers.FloatField(
        allow_null=True, help_text="The mean answer, two decimals; null without responses."
    )


class ScoreRowSerializer(ScoreFiguresSerializer):
    key = ScoreKeyField()
    label = serializers.CharField(
        help_text="The consultant's, location's, touchpoint's or moment's name, or the "
        "day as YYYY-MM-DD; empty when the key is null."
    )


class ScoresSerializer(serializers.Serializer):
    """A satisfaction metric in total and per group, from the daily rollups."""

    metric = serializers.ChoiceField(choices=METRICS)
    group_by = ScoreGroupingField()
    totals = ScoreFiguresSerializer()
    results = ScoreRowSerializer(many=True)
