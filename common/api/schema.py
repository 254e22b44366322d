"""OpenAPI generation: every operation documents the errors it can answer with."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .errors import ErrorSerializer, ValidationErrorSerializer

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

ERROR_401 = OpenApiResponse(
    ErrorSerializer,
    "No credentials (neither an `Api-Key` header nor a session), or a wrong or revoked "
    "API key. The `WWW-Authenticate: Api-Key` header names the scheme.",
)
ERROR_403 = OpenApiResponse(
    ErrorSerializer,
    "Signed in, but not allowed: no membership in an organization, a role that may "
    "only read (staff, executive) asking to write, or a session write without the CSRF "
    "token (`X-CSRFToken`). API keys may read and write and need no CSRF token.",
)
ERROR_404 = OpenApiResponse(
    ErrorSerializer,
    "Not found in your organization (another organization's objects are never shown), "
    "or a page number past the end.",
)
ERROR_400_WRITE = OpenApiResponse(
    ValidationErrorSerializer,
    "Invalid input, a parent that is not in your organization (e.g. `Unknown journey.`), "
    "or a rule of the domain (e.g. moving the first item up). Nothing was changed.",
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Any unique string (e.g. a UUID) naming this request. Sending the same "
    "request again with the same key within 24 hours returns the first answer (with the "
    "header `Idempotent-Replayed: true`) and writes nothing again; the same key with a "
    "different body is a 422. At most 255 characters.",
)
ERROR_422_KEY = OpenApiResponse(
    ErrorSerializer, "The `Idempotency-Key` was already used with a different request."
)
ERROR_413 = OpenApiResponse(ErrorSerializer, "The request body is larger than the limit.")
ERROR_429 = OpenApiResponse(
    ErrorSerializer,
    "Too many requests for this API key or user (API_THROTTLE_RATE_KEY / _USER); the "
    "`Retry-After` header says in how many seconds to try again.",
)
ERROR_400_LIST = OpenApiResponse(ValidationErrorSerializer, "An invalid filter value.")


class ApiAutoSchema(AutoSchema):
    """Adds the error responses DRF produces but does not declare.

    DRF raises 400/401/403/404 from validation, authentication, permissions and
    lookups; drf-spectacular only sees the success response, so clients (and
    schemathesis) would meet undocumented statuses.
    """

    def get_tags(self) -> list[str]:
        # One group per resource (/api/v1/<resource>/…), not one "v1" group for all.
        segments = [part for part in self.path.split("/") if part]
        if len(segments) > 2 and segments[:2] == ["api", "v1"]:
            return [segments[2]]
        return super().get_tags()

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method == "POST":
            parameters.append(IDEMPOTENCY_KEY)
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {"401": ERROR_401, "403": ERROR_403, "429": ERROR_429}
        if self._is_list_view():
            errors["404"] = ERROR_404
            if getattr(self.view, "filterset_class", None) is not None:
                errors["400"] = ERROR_400_LIST
        elif "{" in self.path:
            errors["404"] = ERROR_404
        if self.method in UNSAFE_METHODS:
            errors["400"] = ERROR_400_WRITE
        if self.method == "POST":
            errors["413"] = ERROR_413
            errors["422"] = ERROR_422_KEY
        for code in sorted(errors):
            if code not in responses:
                responses[code] = self._get_response_for_code(errors[code], code)
        return responses
