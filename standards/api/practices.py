"""/api/v1/competitor-practices/: what competitors, and leaders of other industries, do
at our moments."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.api.dates import StrictDateField, StrictIntegerField
from common.api.fields import OrganizationRelatedField, StrictCharField
from common.api.filters import IdFilter
from common.api.serializers import StrictModelSerializer
from common.api.tenancy import api_organization
from common.api.viewsets import OrganizationModelViewSet
from touchpoints.selectors import moments_for

from ..models import CompetitorPractice
from ..practices import selectors, services


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


class CompetitorPracticeFilterSet(django_filters.FilterSet):
    moment = IdFilter(field_name="moment", help_text="What competitors do at this moment.")

    class Meta:
        model = CompetitorPractice
        fields = ["moment"]


class CompetitorPracticeViewSet(OrganizationModelViewSet):
    """What competitors, and leaders of other industries, do at our moments.

    Everyone in the organization reads; managers, admins and API keys record and delete.
    Photos are uploaded in the web UI; here `photo` is read-only."""

    http_method_names = ["get", "post", "delete", "head", "options"]
    serializer_class = CompetitorPracticeSerializer
    filterset_class = CompetitorPracticeFilterSet

    def get_queryset(self):
        # No organization while the schema is built.
        organization = api_organization(self.request)
        return selectors.competitor_practices_for(
            organization.pk if organization else None
        ).order_by("moment_id", "-observed_on", "-id")

    def perform_destroy(self, practice):
        services.delete_competitor_practice(practice=practice)
