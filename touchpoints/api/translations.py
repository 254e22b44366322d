"""The `translations` field of moments and behaviours in the API: an object per language
of settings.LANGUAGES, each with the translated fields, as long as the originals may be.

Read: the stored translations ({"ro": {"text": "…"}}); a language or field missing is not
translated (readers see the original). Write: per language, the fields sent replace the
stored ones, an empty string removes that translation, others are kept
(touchpoints.translation.apply_translations).
"""

from django.conf import settings
from django.db.models import Model
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.settings import api_settings

from common.api.fields import StrictCharField

HELP = (
    "Translations per language code: for each language, the translated fields. A missing "
    "language or field shows the original to readers. On write, the fields sent replace the "
    "stored ones, an empty string removes that translation, and the others are kept."
)


def _flatten(detail, path: str = ""):
    """Nested errors as "ro.example: …" lines: the API's errors are a list of strings per
    field, and this field's errors keep to that shape."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            inner = path if key == api_settings.NON_FIELD_ERRORS_KEY else f"{path}.{key}".strip(".")
            yield from _flatten(value, inner)
    elif isinstance(detail, list):
        for value in detail:
            yield from _flatten(value, path)
    else:
        yield f"{path}: {detail}" if path else str(detail)


class TranslationsSerializer(serializers.Serializer):
    def run_validation(self, data=empty):
        try:
            return super().run_validation(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError(list(_flatten(error.detail))) from error


def translations_field(model: type[Model], fields: tuple[str, ...]) -> serializers.Serializer:
    """A serializer field describing `model`'s translations exactly, for the schema too."""
    per_language = type(
        f"{model.__name__}TranslationSerializer",
        (serializers.Serializer,),
        {
            name: StrictCharField(
                max_length=model._meta.get_field(name).max_length,
                required=False,
                allow_blank=True,
            )
            for name in fields
        },
    )
    languages = type(
        f"{model.__name__}TranslationsSerializer",
        (TranslationsSerializer,),
        {code: per_language(required=False) for code, _name in settings.LANGUAGES},
    )
    return languages(required=False, help_text=HELP)
