"""A ModelSerializer base whose fields are strict and whose writes are left to services."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .fields import StrictBooleanField, StrictCharField, StrictChoiceField


class StrictModelSerializer(serializers.ModelSerializer):
    """Model-derived fields that accept only the JSON types the schema names.

    Subclasses implement `create` / `update` by calling the app's services, never
    `Model.objects.create` or `instance.save()`.
    """

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.BooleanField: StrictBooleanField,
    }
    serializer_choice_field = StrictChoiceField

    def current(self, validated_data: dict, *fields: str) -> dict:
        """The values a service needs: sent ones, else the instance's (PATCH sends a few)."""
        return {name: validated_data.get(name, getattr(self.instance, name)) for name in fields}

    def keep_parent(self, value, name: str, message: str):
        """A parent is chosen at creation; PUT/PATCH may repeat it but not change it."""
        if self.instance is not None and value != getattr(self.instance, name):
            raise serializers.ValidationError(message)
        return value


CANNOT_MOVE = _("It cannot be moved to another %(parent)s; create it there instead.")
