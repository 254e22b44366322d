"""Survey responses as the API accepts and shows them.

The serializers here only hold requests to the JSON types the schema names (a score is a
JSON integer, not "9"); every rule of the domain (the metric's scale, known codes, dates
not in the future, duplicate external ids) is `checks.check_responses`, shared with
CSV imports, so the API and the import answer the same bad row with the same message.
"""

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers
from rest_framework.settings import api_settings

from common.api.dates import StrictDateTimeField, StrictIntegerField
from common.api.fields import IdField, StrictCharField, StrictChoiceField
from touchpoints.choices import Channel

from ..choices import SCALES, Metric, band_of
from ..intake import checks
from ..models import COMMENT_MAX, LANGUAGE_CHOICES, Response

MAX_BATCH = checks.MAX_BATCH
SCORE_LOW = min(low for low, _high in SCALES.values())
SCORE_HIGH = max(high for _low, high in SCALES.values())


# --- What the API accepts ------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "integer",
        "minimum": SCORE_LOW,
        "maximum": SCORE_HIGH,
        "description": "A whole number on the metric's scale: NPS 0–10, CSAT 1–5, CES 1–7.",
    }
)
class ScoreField(StrictIntegerField):
    """A JSON integer. Whether it is on the metric's scale is checked with the metric, by
    `checks.check_score`, so the message names the scale ("11 is outside the NPS scale")."""


class CommentField(StrictCharField):
    """Free text up to 2,000 characters, counted as sent (as the schema's maxLength is)."""

    def __init__(self, **kwargs):
        kwargs.update(max_length=COMMENT_MAX, required=False, allow_blank=True, default="")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str) and len(data) > COMMENT_MAX:
            # The wording of checks.check_comment, which trims before it counts.
            raise serializers.ValidationError(
                _("The comment is %(length)d characters long; at most %(max)d are accepted.")
                % {"length": len(data), "max": COMMENT_MAX}
            )
        return super().to_internal_value(data)


@extend_schema_serializer(component_name="NewSurveyResponse")
class ResponseInputSerializer(serializers.Serializer):
    """One customer's answer, as a survey platform, a till or a CRM sends it.

    People and places are named by code (the consultant's employee code, the location's
    code), moments and touchpoints by id. The metric may be left out when `survey` is
    given. A location left out is the consultant's; a touchpoint left out is the moment's
    or the survey's. `external_id` makes a retry safe: a response already saved with it is
    returned instead of saved twice.
    """

    metric = StrictChoiceField(
        choices=Metric.choices,
        required=False,
        help_text="nps, csat or ces; required unless `survey` is given (it is then the "
        "survey's metric).",
    )
    score = ScoreField()
    comment = CommentField(help_text="The customer's own words (at most 2,000 characters).")
    language = StrictChoiceField(
        choices=LANGUAGE_CHOICES,
        required=False,
        default="en",
        help_text="The language the customer answered in.",
    )
    consultant = StrictCharField(
        max_length=40, required=False, help_text="Employee code of the consultant."
    )
    location = StrictCharField(
        max_length=40,
        required=False,
        help_text="Code of the location; the consultant's location when left out.",
    )
    touchpoint = IdField(required=False, help_text="Id of the touchpoint.")
    moment = IdField(required=False, help_text="Id of the moment (its touchpoint is implied).")
    survey = IdField(required=False, help_text="Id of the survey answered.")
    channel = StrictChoiceField(
        choices=Channel.choices,
        required=False,
        help_text="How the interaction happened; the touchpoint's channel when left out.",
    )
    submitted_at = StrictDateTimeField(
        help_text="When the customer answered (RFC 3339, with offset); not in the future."
    )
    interaction_ref = StrictCharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="The call id or receipt number of the interaction, so the answer can be "
        "matched to a review of it.",
    )
    external_id = StrictCharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="Your id of the response, unique in your organization: sending it again "
        "returns the saved response (200) and saves nothing.",
    )


def _messages(errors: dict) -> dict:
    """{field: "message"} from the services as DRF's {field: ["message"]}."""
    return {field: [message] for field, message in errors.items()}


def check_payload(data, *, organization) -> tuple[list[checks.ResponseRow], bool]:
    """The checked rows of a POST body (one object, or a list of them) and whether it was a
    list. Raises a ValidationError naming the field, and for a list the item (from 0):
    {"items": {"3": {"score": ["…"]}}}; a list as a whole: {"items": ["…"]}."""
    many = isinstance(data, list)
    if not many and not isinstance(data, dict):
        raise serializers.ValidationError(
            {
                api_settings.NON_FIELD_ERRORS_KEY: [
                    _("Send one response (a JSON object) or a list of them (a JSON array).")
                ]
            }
        )
    items = data if many else [data]
    if not items:
        raise serializers.ValidationError({"items": [_("Send at least one response.")]})
    if len(items) > MAX_BATCH:
        raise serializers.ValidationError(
            {"items": [_("At most %d responses at once.") % MAX_BATCH]}
        )

    # First the JSON types, item by item; the domain's rules only see well-typed rows.
    rows, errors = [], {}
    for index, item in enumerate(items):
        serializer = ResponseInputSerializer(data=item)
        if serializer.is_valid():
            rows.append(dict(serializer.validated_data))
        else:
            errors[index] = serializer.errors
    if not errors:
        try:
            return checks.check_responses(organization=organization, rows=rows), many
        except checks.RowErrors as exc:
            errors = {index: _messages(row) for index, row in exc.errors.items()}

    whole = errors.pop(-1, None)  # the services' word on the batch as a whole
    if whole:
        raise serializers.ValidationError({"items": [m for ms in whole.values() for m in ms]})
    if not many:
        raise serializers.ValidationError(errors[0])
    raise serializers.ValidationError({"items": {str(i): e for i, e in sorted(errors.items())}})


class ResponsesValidationErrorSerializer(serializers.Serializer):
    """400 of POST /api/v1/responses/ (described by ResponsesValidationErrorScheme)."""


class ResponsesValidationErrorScheme(OpenApiSerializerExtension):
    target_class = ResponsesValidationErrorSerializer

    def map_serializer(self, auto_schema, direction):
        messages = {"type": "array", "items": {"type": "string"}}
        return {
            "type": "object",
            "description": "For one response: field name → messages. For a list: `items` "
            "holds either messages about the list as a whole (empty, too long) or, by "
            "item position (from 0), the item's field → messages. `non_field_errors` when "
            "the body is neither an object nor an array; `detail` when it is not valid "
            "JSON. Nothing was saved.",
            "additionalProperties": {
                "anyOf": [
                    messages,
                    {"type": "string"},
                    {
                        "type": "object",
                        "additionalProperties": {
                            "type": "object",
                            "additionalProperties": messages,
                        },
                    },
                ]
            },
            "example": {"items": {"3": {"score": ["11 is outside the NPS scale (0–10)."]}}},
        }


@extend_schema_serializer(component_name="NewSurveyResponses")
class ResponsesInputSerializer(serializers.Serializer):
    """The POST body: one response or a list of up to 1,000 (ResponsesInputScheme)."""


class ResponsesInputScheme(OpenApiSerializerExtension):
    target_class = ResponsesInputSerializer

    def map_serializer(self, auto_schema, direction):
        item = auto_schema.resolve_serializer(ResponseInputSerializer, direction).ref
        return {
            "oneOf": [
                item,
                {"type": "array", "items": item, "minItems": 1, "maxItems": MAX_BATCH},
            ]
        }


# --- What the API shows ----------------------------------------------------------------------


@extend_schema_serializer(component_name="SurveyResponse")
class ResponseSerializer(serializers.ModelSerializer):
    """A customer's answer with what it is credited to.

    `band` is promoter, passive or detractor (for CSAT and CES: the top answers, the middle,
    the bottom ones). `source` says how it came in: link, qr, email, import or api.
    """

    consultant = serializers.CharField(
        source="consultant.employee_code",
        read_only=True,
        allow_null=True,
        help_text="The consultant's employee code, or null.",
    )
    consultant_name = serializers.CharField(
        source="consultant.display_name", read_only=True, allow_null=True
    )
    location = serializers.CharField(
        source="location.code",
        read_only=True,
        allow_null=True,
        help_text="The location's code, or null.",
    )
    # Declared: a read-only model field loses `blank`, and the schema would then deny "".
    channel = serializers.ChoiceField(
        choices=Channel.choices,
        allow_blank=True,
        read_only=True,
        help_text="How the interaction happened, or empty when unknown.",
    )
    band = serializers.SerializerMethodField()

    class Meta:
        model = Response
        fields = [
            "id",
            "survey",
            "metric",
            "score",
            "band",
            "comment",
            "language",
            "consultant",
            "consultant_name",
            "location",
            "touchpoint",
            "moment",
            "channel",
            "source",
            "submitted_at",
            "interaction_ref",
            "external_id",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {"type": "string", "enum": ["promoter", "passive", "detractor"], "readOnly": True}
    )
    def get_band(self, response) -> str:
        return band_of(response.metric, response.score)


@extend_schema_serializer(component_name="SurveyResponses")
class ResponsesOutputSerializer(serializers.Serializer):
    """The body of a POST: the response, or the list in request order (ResponsesOutputScheme)."""


class ResponsesOutputScheme(OpenApiSerializerExtension):
    target_class = ResponsesOutputSerializer

    def map_serializer(self, auto_schema, direction):
        item = auto_schema.resolve_serializer(ResponseSerializer, direction).ref
        return {"oneOf": [item, {"type": "array", "items": item}]}
