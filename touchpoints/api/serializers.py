"""Journeys, touchpoints and moments as the API shows and accepts them."""

from django.utils.translation import gettext_lazy as _

from accounts.selectors import locations_for
from common.api.fields import OrganizationRelatedField
from common.api.serializers import CANNOT_MOVE, StrictModelSerializer
from common.api.tenancy import api_organization

from .. import services
from ..choices import Channel
from ..models import Journey, Moment, Touchpoint
from ..selectors import journeys_for, touchpoints_for
from ..translation import MOMENT_FIELDS, apply_translations
from .translations import translations_field


class JourneySerializer(StrictModelSerializer):
    """A customer journey. `order` changes only through `move`. `locations` are where it
    applies (empty: every location): its published standards are asked of the staff
    there."""

    locations = OrganizationRelatedField(
        selector=locations_for,
        unknown_message=_("Unknown location."),
        many=True,
        required=False,
        help_text=_("Ids of the locations the journey applies at; empty means every location."),
    )

    class Meta:
        model = Journey
        fields = ["id", "name", "description", "locations", "order", "created_at"]
        read_only_fields = ["order", "created_at"]

    def create(self, validated_data):
        organization = api_organization(self.context["request"])
        locations = validated_data.pop("locations", None)
        journey = services.create_journey(organization=organization, **validated_data)
        if locations:
            services.update_journey(
                journey=journey,
                name=journey.name,
                description=journey.description,
                locations=locations,
            )
        return journey

    def update(self, journey, validated_data):
        # Left out of a PATCH, the locations stay as they are.
        return services.update_journey(
            journey=journey,
            locations=validated_data.get("locations"),
            **self.current(validated_data, "name", "description"),
        )


class TouchpointSerializer(StrictModelSerializer):
    """A stage of a journey on one channel. `journey` is set at creation and cannot
    change; `order` counts within the journey and changes only through `move`."""

    journey = OrganizationRelatedField(selector=journeys_for, unknown_message=_("Unknown journey."))

    class Meta:
        model = Touchpoint
        fields = ["id", "journey", "name", "stage", "channel", "order"]
        read_only_fields = ["order"]

    def validate_journey(self, journey):
        return self.keep_parent(journey, "journey", CANNOT_MOVE % {"parent": _("journey")})

    def create(self, validated_data):
        # The service wants a channel; the API, like the model, defaults to in person.
        return services.create_touchpoint(**{"channel": Channel.IN_PERSON, **validated_data})

    def update(self, touchpoint, validated_data):
        return services.update_touchpoint(
            touchpoint=touchpoint, **self.current(validated_data, "name", "channel", "stage")
        )


class MomentSerializer(StrictModelSerializer):
    """A situation at a touchpoint; `is_critical` marks a moment of truth. `touchpoint`
    is set at creation and cannot change; `order` changes only through `move`."""

    touchpoint = OrganizationRelatedField(
        selector=touchpoints_for, unknown_message=_("Unknown touchpoint.")
    )
    translations = translations_field(Moment, MOMENT_FIELDS)

    class Meta:
        model = Moment
        fields = [
            "id",
            "touchpoint",
            "name",
            "customer_expectation",
            "customer_feeling",
            "is_critical",
            "order",
            "translations",
        ]
        read_only_fields = ["order"]

    def validate_touchpoint(self, touchpoint):
        return self.keep_parent(touchpoint, "touchpoint", CANNOT_MOVE % {"parent": _("touchpoint")})

    def create(self, validated_data):
        translations = validated_data.pop("translations", {})
        moment = services.create_moment(**validated_data)
        apply_translations(moment, translations)
        return moment

    def update(self, moment, validated_data):
        translations = validated_data.pop("translations", {})
        moment = services.update_moment(
            moment=moment,
            **self.current(
                validated_data, "name", "customer_expectation", "customer_feeling", "is_critical"
            ),
        )
        apply_translations(moment, translations)
        return moment
