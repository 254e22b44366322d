"""Reviews, compliance figures and competitor practices as the API shows and accepts them."""

import re
from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.settings import api_settings

from accounts.api.errors import as_api_error
from accounts.api.fields import (
    MAX_ID,
    IdField,
    OrganizationRelatedField,
    StrictCharField,
    StrictChoiceField,
)
from accounts.api.permissions import api_organization
from accounts.api.serializers import StrictModelSerializer
from accounts.choices import Role
from accounts.selectors import locations_for, members_for
from touchpoints.selectors import moments_for

from .. import selectors, services
from ..choices import ItemResult, ReviewKind, ReviewStatus
from ..models import CompetitorPractice, Review, ReviewItem
from .fields import (
    BehaviourKindField,
    ReviewKindField,
    StrictDateField,
    StrictDateTimeField,
    StrictIntegerField,
)

# Reviews via the API are of interactions since 2000: older dates are typing mistakes
# (and would not survive the conversion to UTC at the ends of the calendar).
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
MAX_ITEMS = 500
MAX_MOMENTS = 50

# --- Reviews: what the API shows ------------------------------------------------------------


class ReviewItemSerializer(serializers.ModelSerializer):
    """One behaviour as scored: `kind` is the behaviour's tier when it was scored."""

    behaviour = serializers.IntegerField(source="behaviour_id", help_text="The behaviour's id.")
    text = serializers.CharField(source="behaviour.text", help_text="The behaviour's text.")
    kind = BehaviourKindField()

    class Meta:
        model = ReviewItem
        fields = ["behaviour", "text", "kind", "result", "note"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer):
    """A review with its scored items.

    People are named by employee code (empty for a member without one) and name; the
    location by its code. Only submitted reviews that no correction replaced
    (`superseded_by` is null) count in compliance.
    """

    reviewer = serializers.CharField(
        source="reviewer.employee_code", help_text="The reviewer's employee code, or empty."
    )
    reviewer_name = serializers.CharField(source="reviewer.display_name")
    consultant = serializers.CharField(
        source="consultant.employee_code", help_text="The consultant's employee code, or empty."
    )
    consultant_name = serializers.CharField(source="consultant.display_name")
    location = serializers.CharField(source="location.code", help_text="The location's code.")
    kind = ReviewKindField()
    moments = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    standards_version = serializers.SerializerMethodField(
        help_text="The number of the published standards the review was scored against."
    )
    superseded_by = serializers.IntegerField(
        source="superseded_by_id",
        allow_null=True,
        help_text="The submitted review that corrected this one; this one no longer counts.",
    )
    items = ReviewItemSerializer(many=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "kind",
            "status",
            "reviewer",
            "reviewer_name",
            "consultant",
            "consultant_name",
            "location",
            "moments",
            "occurred_at",
            "interaction_ref",
            "coaching_note",
            "standards_version",
            "supersedes",
            "superseded_by",
            "submitted_at",
            "acknowledged_at",
            "created_at",
            "items",
        ]
        read_only_fields = fields
        extra_kwargs = {"supersedes": {"help_text": "The review this one corrects."}}

    def get_standards_version(self, review) -> int | None:
        return review.standards_version.number if review.standards_version else None


# --- Reviews: what the API accepts ----------------------------------------------------------


class IndexedListSerializer(serializers.ListSerializer):
    """Errors by item position ({"2": {"behaviour": [...]}}), valid items left out, rather
    than DRF's list with an empty object for every valid item."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            if isinstance(detail, list):
                raise serializers.ValidationError(
                    {str(index): errors for index, errors in enumerate(detail) if errors}
                ) from exc
            # Not a list, empty or too long: a message about the list as a whole.
            if isinstance(detail, dict) and set(detail) == {api_settings.NON_FIELD_ERRORS_KEY}:
                raise serializers.ValidationError(
                    detail[api_settings.NON_FIELD_ERRORS_KEY]
                ) from exc
            raise


class ReviewItemInputSerializer(serializers.Serializer):
    behaviour = OrganizationRelatedField(
        selector=lambda organization: selectors.behaviours_to_score(organization.pk),
        unknown_message=_("Unknown behaviour."),
        help_text="The id of a behaviour of one of the review's moments.",
    )
    result = StrictChoiceField(choices=ItemResult.choices)
    note = StrictCharField(max_length=1000, required=False, allow_blank=True, default="")

    class Meta:
        list_serializer_class = IndexedListSerializer


class ReviewCreateSerializer(serializers.Serializer):
    """A complete, submitted review in one request: it is saved entirely or not at all.

    Every active behaviour of the chosen moments must be scored once. `reviewer` is the
    employee code of the member who did the review: required with an API key; in a
    browser session the reviewer is always the signed-in member (leave it out or send
    your own code). A self-review (`kind` = `self`) is one whose reviewer is the
    consultant; other kinds need a reviewer who may review others (managers, admins,
    staff allowed to do mystery shopping). `client_token` makes a retry safe: a token
    seen before answers 200 with the review it created, and nothing is saved again.
    """

    kind = ReviewKindField()
    reviewer = StrictCharField(
        max_length=40,
        required=False,
        help_text="Employee code of the reviewer; required with an API key.",
    )
    consultant = StrictCharField(max_length=40, help_text="Employee code of the consultant.")
    location = StrictCharField(max_length=40, help_text="Code of the location.")
    moments = serializers.ListField(
        child=IdField(),
        min_length=1,
        max_length=MAX_MOMENTS,
        help_text="Ids of the moments reviewed.",
    )
    occurred_at = StrictDateTimeField(
        help_text="When the interaction happened (RFC 3339, with offset); not in the future."
    )
    interaction_ref = StrictCharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="A call id or receipt number, so a survey answer can be matched.",
    )
    coaching_note = StrictCharField(max_length=4000, required=False, allow_blank=True, default="")
    client_token = StrictCharField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text="Any unique string; a retry with the same token returns the same review.",
    )
    items = ReviewItemInputSerializer(many=True, allow_empty=False, max_length=MAX_ITEMS)

    # Set by create(): True when the client token's review already existed.
    existed = False

    @property
    def organization(self):
        return api_organization(self.context["request"])

    @property
    def membership(self):
        """The signed-in member, or None for an API key."""
        return getattr(self.context["request"]._request, "membership", None)

    def validate_consultant(self, code):
        consultant = members_for(self.organization).filter(employee_code=code).first()
        if consultant is None:
            raise serializers.ValidationError(_("Unknown consultant."))
        return consultant

    def validate_location(self, code):
        location = locations_for(self.organization).filter(code=code).first()
        if location is None:
            raise serializers.ValidationError(_("Unknown location."))
        return location

    def validate_reviewer(self, code):
        if self.membership is not None:
            if code != self.membership.employee_code:
                raise serializers.ValidationError(
                    _("Signed in, you record reviews as yourself: leave the reviewer out.")
                )
            return self.membership
        reviewer = (
            members_for(self.organization).filter(employee_code=code, user__is_active=True).first()
        )
        if reviewer is None:
            raise serializers.ValidationError(_("Unknown reviewer."))
        return reviewer

    def validate_moments(self, ids):
        found = moments_for(self.organization).in_bulk(ids)
        if len(found) != len(set(ids)):
            raise serializers.ValidationError(_("Unknown moment."))
        return [found[pk] for pk in dict.fromkeys(ids)]

    def validate_occurred_at(self, value):
        if value < EARLIEST:
            raise serializers.ValidationError(_("The interaction cannot be before 2000."))
        return value

    def validate_items(self, items):
        first_seen: dict[int, int] = {}
        errors = {}
        for index, item in enumerate(items):
            behaviour = item["behaviour"]
            if behaviour.pk in first_seen:
                errors[str(index)] = {
                    "behaviour": [
                        _("Scored twice: item %(index)d scores it already.")
                        % {"index": first_seen[behaviour.pk]}
                    ]
                }
            first_seen.setdefault(behaviour.pk, index)
        if errors:
            raise serializers.ValidationError(errors)
        return items

    def validate(self, attrs):
        membership = self.membership
        if membership is None:
            if "reviewer" not in attrs:
                raise serializers.ValidationError(
                    {"reviewer": [_("Required with an API key: the reviewer's employee code.")]}
                )
        else:
            attrs["reviewer"] = membership
            if (
                membership.role == Role.STAFF
                and not membership.can_review
                and attrs["kind"] != ReviewKind.SELF
            ):
                raise exceptions.PermissionDenied(
                    _("You may record self-reviews only, not reviews of other people.")
                )
        return attrs

    def create(self, validated_data) -> Review:
        """start_review → score_item for each item → submit_review, in one transaction: a
        refusal anywhere rolls everything back. A review that already carries the client
        token (a concurrent retry that won the race) is returned as it is."""
        data = dict(validated_data)
        items, coaching_note = data.pop("items"), data.pop("coaching_note")
        with transaction.atomic():
            try:
                review = services.start_review(organization=self.organization, **data)
            except DjangoValidationError as exc:
                raise as_api_error(exc) from exc
            if review.status == ReviewStatus.SUBMITTED:
                self.existed = True
                return review
            for index, item in enumerate(items):
                try:
                    services.score_item(review=review, **item)
                except DjangoValidationError as exc:
                    raise serializers.ValidationError(
                        {"items": {str(index): as_api_error(exc).detail}}
                    ) from exc
            missing = list(
                services.expected_behaviours(review)
                .exclude(pk__in=[item["behaviour"].pk for item in items])
                .order_by("moment_id", "kind", "order", "id")
            )
            if missing:
                raise serializers.ValidationError(
                    {
                        "items": [
                            _("Score every behaviour of the chosen moments; not scored: %s.")
                            % ", ".join(f"“{b.text}” ({b.pk})" for b in missing)
                        ]
                    }
                )
            try:
                review = services.submit_review(review=review, coaching_note=coaching_note)
            except DjangoValidationError as exc:
                raise as_api_error(exc, "items") from exc
        self.existed = False
        return review


class ReviewValidationErrorSerializer(serializers.Serializer):
    """400 of a review creation (described by ReviewValidationErrorScheme)."""


class ReviewValidationErrorScheme(OpenApiSerializerExtension):
    target_class = ReviewValidationErrorSerializer

    def map_serializer(self, auto_schema, direction):
        messages = {"type": "array", "items": {"type": "string"}}
        return {
            "type": "object",
            "description": "Field name → list of messages. `items` holds either messages "
            "about the list as a whole or, by item position (from 0), the item's field → "
            "messages. `detail` when the body is not valid JSON. Nothing was saved.",
            "additionalProperties": {
                "anyOf": [
                    messages,
                    {"type": "string"},
                    {
                        "type": "object",
                        "additionalProperties": {
                            "anyOf": [
                                messages,
                                {"type": "object", "additionalProperties": messages},
                            ]
                        },
                    },
                ]
            },
            "example": {"items": {"2": {"behaviour": ["Unknown behaviour."]}}},
        }


# --- Compliance -------------------------------------------------------------------------------

GROUPINGS = ("behaviour", "moment", "consultant", "location", "week", "month")


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


class ComplianceQuerySerializer(serializers.Serializer):
    """The query string of /api/v1/compliance/."""

    group_by = StrictChoiceField(
        choices=[(g, g) for g in GROUPINGS],
        help_text="One row per behaviour, moment, consultant, location, week or month.",
    )
    date_from = StrictDateField(
        required=False, help_text="Interactions on or after this day (YYYY-MM-DD)."
    )
    date_to = StrictDateField(
        required=False, help_text="Interactions on or before this day (YYYY-MM-DD)."
    )
    kind = ReviewKindField(required=False, help_text="Only reviews of this kind.")
    location = StrictCharField(
        max_length=40, required=False, help_text="Only reviews at the location with this code."
    )
    moment = QueryIdField(required=False, help_text="Only behaviours of the moment with this id.")
    consultant = StrictCharField(
        max_length=40,
        required=False,
        help_text="Only reviews of the consultant with this employee code. Staff always "
        "get their own figures only.",
    )

    def get_fields(self):
        # `from` and `to` are Python keywords: declared under other names, renamed here.
        fields = super().get_fields()
        fields["from"] = fields.pop("date_from")
        fields["to"] = fields.pop("date_to")
        return fields

    @property
    def organization(self):
        return api_organization(self.context["request"])

    def validate_location(self, code) -> int:
        pk = locations_for(self.organization).filter(code=code).values_list("pk", flat=True)
        return self._known(pk.first(), _("Unknown location."))

    def validate_moment(self, pk) -> int:
        found = moments_for(self.organization).filter(pk=pk).values_list("pk", flat=True)
        return self._known(found.first(), _("Unknown moment."))

    def validate_consultant(self, code) -> int:
        pk = (
            members_for(self.organization)
            .filter(employee_code=code, role=Role.STAFF)
            .values_list("pk", flat=True)
        )
        return self._known(pk.first(), _("Unknown consultant."))

    @staticmethod
    def _known(pk: int | None, message) -> int:
        if pk is None:
            raise serializers.ValidationError(message)
        return pk

    def validate(self, attrs):
        start, end = attrs.get("from"), attrs.get("to")
        if start and end and start > end:
            raise serializers.ValidationError({"to": [_("The end is before the start (from).")]})
        return attrs

    def compliance_filter(self) -> selectors.ComplianceFilter:
        params = self.validated_data
        return selectors.ComplianceFilter(
            date_from=_within_calendar(params.get("from")),
            date_to=_within_calendar(params.get("to")),
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
    months in time order)."""

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


# --- Competitor practices ---------------------------------------------------------------------


class CompetitorPracticeSerializer(StrictModelSerializer):
    """What a competitor, or a leader of another industry, does at one of our moments.
    Photos are uploaded in the web UI; here `photo` is a link to it, or null."""

    moment = OrganizationRelatedField(selector=moments_for, unknown_message=_("Unknown moment."))
    observed_on = StrictDateField(help_text="When it was seen (YYYY-MM-DD); not in the future.")
    # Declared: the model's minimum length is a validator StrictCharField would not keep.
    description = StrictCharField(min_length=3, max_length=2000, help_text="What they do.")
    rating = StrictIntegerField(min_value=1, max_value=5, help_text="1 = poor, 5 = remarkable.")
    photo = serializers.SerializerMethodField(
        help_text="Link to the photo, for signed-in members of the organization; null "
        "without a photo. Photos are uploaded in the web UI."
    )
    created_by = serializers.SerializerMethodField()

    class Meta:
        model = CompetitorPractice
        fields = [
            "id",
            "moment",
            "competitor",
            "industry",
            "where",
            "observed_on",
            "description",
            "rating",
            "photo",
            "created_by",
            "created_at",
        ]
        read_only_fields = ["created_at"]

    def get_photo(self, practice) -> str | None:
        """Photos are never public files: the link opens for signed-in members only."""
        if not practice.photo:
            return None
        url = reverse("reviews:competitor_photo", args=[practice.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_created_by(self, practice) -> str | None:
        user = practice.created_by
        return (user.get_full_name() or user.get_username()) if user else None

    def create(self, validated_data):
        request = self.context["request"]
        user = request.user if request.user and request.user.is_authenticated else None
        return services.record_competitor_practice(
            organization=api_organization(request), by=user, **validated_data
        )
