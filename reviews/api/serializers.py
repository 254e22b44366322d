"""Reviews as the API shows and accepts them."""

from datetime import UTC, datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import exceptions, serializers
from rest_framework.settings import api_settings

from accounts.choices import Role
from accounts.selectors import locations_for, members_for
from common.api.dates import StrictDateTimeField
from common.api.errors import as_api_error
from common.api.fields import (
    CodeField,
    IdField,
    OrganizationRelatedField,
    StrictCharField,
    StrictChoiceField,
)
from common.api.tenancy import api_organization
from touchpoints.selectors import moments_for

from .. import selectors, services
from ..choices import ItemResult, ReviewKind, ReviewStatus
from ..models import Review, ReviewItem
from .fields import BehaviourKindField, ReviewKindField

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
    consultant = CodeField(
        selector=members_for,
        lookup="employee_code",
        unknown_message=_("Unknown consultant."),
        help_text="Employee code of the consultant.",
    )
    location = CodeField(
        selector=locations_for,
        unknown_message=_("Unknown location."),
        help_text="Code of the location.",
    )
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
