"""Behaviours and published versions as the API shows and accepts them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.fields import OrganizationRelatedField
from common.api.serializers import CANNOT_MOVE, StrictModelSerializer
from touchpoints.api.translations import translations_field
from touchpoints.selectors import moments_for
from touchpoints.translation import BEHAVIOUR_FIELDS, apply_translations

from .. import services
from ..choices import BehaviourKind
from ..models import Behaviour, StandardsVersion


class BehaviourSerializer(StrictModelSerializer):
    """What staff do at a moment. `iron`: the baseline, without it the customer is
    dissatisfied; `master`: it makes the experience remarkable. `order` counts within the
    moment's behaviours of the same kind and changes only through `move`."""

    moment = OrganizationRelatedField(selector=moments_for, unknown_message=_("Unknown moment."))
    translations = translations_field(Behaviour, BEHAVIOUR_FIELDS)

    class Meta:
        model = Behaviour
        fields = ["id", "moment", "kind", "text", "example", "translations", "order", "created_at"]
        read_only_fields = ["order", "created_at"]

    def validate_moment(self, moment):
        return self.keep_parent(moment, "moment", CANNOT_MOVE % {"parent": _("moment")})

    def create(self, validated_data):
        translations = validated_data.pop("translations", {})
        behaviour = services.create_behaviour(**validated_data)
        apply_translations(behaviour, translations)
        return behaviour

    def update(self, behaviour, validated_data):
        translations = validated_data.pop("translations", {})
        behaviour = services.update_behaviour(
            behaviour=behaviour, **self.current(validated_data, "kind", "text", "example")
        )
        apply_translations(behaviour, translations)
        return behaviour


# The frozen snapshot and changelog are plain JSON in the database; these serializers
# only describe their shape for the OpenAPI schema.


class SnapshotBehaviourSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=BehaviourKind.choices)
    text = serializers.CharField()
    example = serializers.CharField(allow_blank=True)
    translations = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        required=False,
        help_text="Per language code, the translated text and example at publication.",
    )
    moment_id = serializers.IntegerField()


class SnapshotMomentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    is_critical = serializers.BooleanField()
    customer_expectation = serializers.CharField(allow_blank=True)
    translations = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        required=False,
        help_text="Per language code, the translated name and expectations at publication.",
    )
    behaviours = SnapshotBehaviourSerializer(many=True)


class SnapshotTouchpointSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    channel = serializers.CharField()
    moments = SnapshotMomentSerializer(many=True)


class SnapshotJourneySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    touchpoints = SnapshotTouchpointSerializer(many=True)


class SnapshotSerializer(serializers.Serializer):
    journeys = SnapshotJourneySerializer(many=True)


class ChangelogEntrySerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["moment", "behaviour"])
    id = serializers.IntegerField()
    label = serializers.CharField(help_text="The behaviour's text or the moment's name.")
    where = serializers.CharField(help_text="Journey › touchpoint (› moment for behaviours).")
    kind = serializers.ChoiceField(
        choices=BehaviourKind.choices, required=False, help_text="Behaviours only."
    )
    is_critical = serializers.BooleanField(required=False, help_text="Moments only.")
    journey_id = serializers.IntegerField(
        required=False,
        help_text="The journey the moment or behaviour belongs to (absent in versions "
        "published before versions had a journey).",
    )
    translations = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        required=False,
        help_text='Per language code, the label in that language (`{"ro": {"label": …}}`).',
    )
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField(), min_length=2, max_length=2),
        required=False,
        help_text="Changed entries only: field → [before, after].",
    )


class ChangelogSerializer(serializers.Serializer):
    added = ChangelogEntrySerializer(many=True)
    changed = ChangelogEntrySerializer(many=True)
    removed = ChangelogEntrySerializer(many=True)


@extend_schema_field(ChangelogSerializer)
class ChangelogField(serializers.JSONField):
    pass


@extend_schema_field(SnapshotSerializer)
class SnapshotField(serializers.JSONField):
    pass


class StandardsVersionSerializer(serializers.ModelSerializer):
    """A published version: of one journey or of all journeys, what changed against what
    staff read before, by whom and when. Numbers run per organization across journeys."""

    published_by = serializers.SerializerMethodField()
    all_journeys = serializers.BooleanField(
        read_only=True,
        help_text="Published for every journey; otherwise for `journey` only, and asked only "
        "of the staff at the locations that journey applies to.",
    )
    journey = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="The journey this version is for; null for all journeys, or once the "
        "journey was deleted (`journey_name` keeps its name).",
    )
    journey_name = serializers.CharField(
        read_only=True,
        help_text="The journey's name when the version was published; empty for all journeys.",
    )
    changelog = ChangelogField(
        help_text="Moments and behaviours added, changed and removed since what staff read "
        "before (the previous version covering the same journeys)."
    )

    class Meta:
        model = StandardsVersion
        fields = [
            "number",
            "all_journeys",
            "journey",
            "journey_name",
            "note",
            "published_at",
            "published_by",
            "changelog",
        ]
        read_only_fields = fields

    def get_published_by(self, version) -> str | None:
        user = version.published_by
        return (user.get_full_name() or user.get_username()) if user else None


class StandardsVersionDetailSerializer(StandardsVersionSerializer):
    """A published version with its frozen snapshot: every journey it covers (all, or its
    one journey), with their touchpoints, moments and active behaviours as staff read them."""

    snapshot = SnapshotField()

    class Meta(StandardsVersionSerializer.Meta):
        fields = [*StandardsVersionSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields
