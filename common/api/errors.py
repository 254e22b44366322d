"""Error bodies of the API, and the bridge from service errors to HTTP 400."""

from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.settings import api_settings


def as_api_error(
    exc: DjangoValidationError, field: str | None = None
) -> serializers.ValidationError:
    """Field errors stay field errors; an error about the whole request goes under
    `field` if given, else under `non_field_errors`, as DRF's own validation does."""
    fallback = field or api_settings.NON_FIELD_ERRORS_KEY
    if hasattr(exc, "error_dict"):
        detail = {
            (fallback if name == NON_FIELD_ERRORS else name): messages
            for name, messages in exc.message_dict.items()
        }
    else:
        detail = {fallback: exc.messages}
    return serializers.ValidationError(detail)


@contextmanager
def service_errors(field: str | None = None):
    """Services raise Django's ValidationError; the API answers 400 with the same messages."""
    try:
        yield
    except DjangoValidationError as exc:
        raise as_api_error(exc, field) from exc


class PayloadTooLarge(APIException):
    """413 with the API's JSON error body, instead of Django's HTML 400."""

    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is larger than %(limit)s bytes.")
    default_code = "payload_too_large"

    def __init__(self):
        super().__init__(self.default_detail % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE})


class ErrorSerializer(serializers.Serializer):
    """401, 403, 404 and malformed requests: one human-readable message."""

    detail = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    """400: messages per field (`non_field_errors` for the request as a whole), or
    `detail` when the body could not be parsed."""


class ValidationErrorScheme(OpenApiSerializerExtension):
    target_class = ValidationErrorSerializer

    def map_serializer(self, auto_schema, direction):
        return {
            "type": "object",
            "description": "Field name → list of messages; `non_field_errors` for the "
            "request as a whole; `detail` when the body is not valid JSON.",
            "additionalProperties": {
                "anyOf": [
                    {"type": "array", "items": {"type": "string"}},
                    {"type": "string"},
                ]
            },
            "example": {"name": ["This field may not be blank."]},
        }


@csrf_exempt  # it changes nothing, and a CSRF refusal would be an HTML 403
def not_found(request, *args, **kwargs):
    """JSON, not the site's HTML page, for any /api/v1/ URL that matches no route
    (e.g. `/api/v1/journeys/1.5/`): API clients always get the documented error body."""
    return JsonResponse({"detail": str(_("Not found."))}, status=404)
