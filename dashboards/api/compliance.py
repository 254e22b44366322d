"""Compliance figures as the API takes its query and shows its rows."""

import re
from datetime import date, datetime, timedelta

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.choices import Role
from accounts.selectors import locations_for, members_for
from common.api.fields import (
    MAX_ID,
    CodeField,
    StrictChoiceField,
)
from common.api.periods import PeriodQuery
from common.api.tenancy import api_organization
from reviews.api.fields import BehaviourKindField, ReviewKindField
from touchpoints.selectors import moments_for

from ..compliance.reports import ComplianceFilter

# --- Compliance -------------------------------------------------------------------------------

GROUPINGS = ("behaviour", "moment", "consultant", "location", "week", "month")


def _staff_of(organization):
    # Compliance is of the people reviewed: a manager's code is not a consultant's.
    return members_for(organization).filter(role=Role.STAFF)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class QueryIdField(serializers.Field):
    """An id in the query string: digits only, within the range of ids."""

    default_error_messages = {"invalid": _("A valid id is required.")}

    def to_internal_value(self, data):
        if not (isinstance(data, str) and re.fullmatch(r"[1-9][0-9]{0,18}", data)):
            self.fail("invalid")
        if int(data) > MAX_ID:
            self.fail("invalid")
        return int(data)

    def to_representation(self, value):
        return value


class ComplianceQuerySerializer(PeriodQuery):
    """The query string of /api/v1/compliance/."""

    from_help = (
        "Interactions on or after this day (YYYY-MM-DD), a local day of the review's location."
    )
    to_help = (
        "Interactions on or before this day (YYYY-MM-DD), a local day of the review's location."
    )

    group_by = StrictChoiceField(
        choices=[(g, g) for g in GROUPINGS],
        help_text="One row per behaviour, moment, consultant, location, week or month.",
    )
    kind = ReviewKindField(required=False, help_text="Only reviews of this kind.")
    location = CodeField(
        selector=locations_for,
        unknown_message=_("Unknown location."),
        pk_only=True,
        required=False,
        help_text="Only reviews at the location with this code.",
    )
    moment = QueryIdField(required=False, help_text="Only behaviours of the moment with this id.")
    consultant = CodeField(
        selector=_staff_of,
        lookup="employee_code",
        unknown_message=_("Unknown consultant."),
        pk_only=True,
        required=False,
        help_text="Only reviews of the consultant with this employee code. Staff always "
        "get their own figures only.",
    )

    @property
    def organization(self):
        return api_organization(self.context["request"])

    def validate_moment(self, pk) -> int:
        found = moments_for(self.organization).filter(pk=pk).values_list("pk", flat=True)
        return self._known(found.first(), _("Unknown moment."))

    @staticmethod
    def _known(pk: int | None, message) -> int:
        if pk is None:
            raise serializers.ValidationError(message)
        return pk

    def compliance_filter(self) -> ComplianceFilter:
        params = self.validated_data
        period = self.period()
        return ComplianceFilter(
            date_from=_within_calendar(period.start),
            date_to=_within_calendar(period.end),
            location_id=params.get("location"),
            moment_id=params.get("moment"),
            consultant_id=params.get("consultant"),
            review_kind=params.get("kind"),
        )


def _within_calendar(day: date | None) -> date | None:
    """A day at the very ends of the calendar (year 1 or 9999) becomes its neighbour: the
    same filter for any real review, and no overflow when midnight is converted to UTC."""
    if day is None:
        return None
    return min(max(day, date.min + timedelta(days=1)), date.max - timedelta(days=1))


class FiguresSerializer(serializers.Serializer):
    met = serializers.IntegerField(help_text="Items met.")
    applicable = serializers.IntegerField(help_text="Items met or not met (not n/a).")
    rate = serializers.FloatField(
        allow_null=True, help_text="met / applicable in %, one decimal; null without items."
    )


@extend_schema_field(
    {
        "oneOf": [
            {
                "type": "integer",
                "description": "The id of the behaviour, moment, consultant "
                "(membership) or location.",
            },
            {
                "type": "string",
                "format": "date",
                "description": "The first day of the week (Monday) or month.",
            },
        ]
    }
)
class GroupKeyField(serializers.Field):
    def to_representation(self, value):
        if isinstance(value, datetime):
            return value.date().isoformat()
        return value


class ComplianceTotalsSerializer(serializers.Serializer):
    iron = FiguresSerializer(help_text="Iron compliance: the baseline behaviours.")
    master = FiguresSerializer(help_text="Master rate: the behaviours that delight.")
    not_applicable = serializers.IntegerField(help_text="Items scored not applicable.")
    reviews = serializers.IntegerField(help_text="Reviews that count.")


class ComplianceRowSerializer(ComplianceTotalsSerializer):
    key = GroupKeyField()
    label = serializers.CharField(help_text="Name, text or first day of the group.")
    behaviour_kind = BehaviourKindField(required=False, help_text="group_by=behaviour only.")
    moment = serializers.CharField(
        required=False, help_text="group_by=behaviour only: the moment's name."
    )


class ComplianceSerializer(serializers.Serializer):
    """Iron compliance (iron items met / applicable) and master rate (master items met /
    applicable) of reviews that count: submitted and not replaced by a correction.
    "Not applicable" never counts as applicable. Rows come worst iron first (weeks and
    months in time order). Read from the daily rollup, kept current within seconds of
    each review; days, weeks and months are those of each location's time zone."""

    group_by = serializers.ChoiceField(choices=[(g, g) for g in GROUPINGS])
    totals = ComplianceTotalsSerializer()
    results = ComplianceRowSerializer(many=True)


def figures(row: dict) -> dict:
    """A selector row (iron_met, iron_applicable, …) in the API's shape."""
    shaped = {
        tier: {
            "met": row[f"{tier}_met"],
            "applicable": row[f"{tier}_applicable"],
            "rate": row[f"{tier}_rate"],
        }
        for tier in ("iron", "master")
    }
    shaped["not_applicable"] = row["not_applicable"]
    shaped["reviews"] = row["reviews"]
    for name in ("key", "label"):
        if name in row:
            shaped[name] = row[name]
    if "kind_of" in row:
        shaped["behaviour_kind"] = row["kind_of"]
        shaped["moment"] = row["moment_name"]
    return shaped
