"""/api/v1/responses/: customers' answers in (one or a list), and out (filtered, paginated)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.response import Response

from accounts.choices import ALL_ROLES, EDITOR_ROLES
from accounts.models import ApiKey
from common.api.errors import ErrorSerializer, PayloadTooLarge
from common.api.schema import ApiAutoSchema
from common.api.tenancy import api_organization
from common.api.viewsets import OrganizationReadOnlyViewSet

from ..choices import Source
from ..intake import services as intake
from ..responses import selectors
from .filters import ResponseFilterSet
from .serializers import (
    ResponseSerializer,
    ResponsesInputSerializer,
    ResponsesOutputSerializer,
    ResponsesValidationErrorSerializer,
    check_payload,
)


class TooManyResponses(PayloadTooLarge):
    default_detail = _("The request body is larger than %(limit)s bytes; send fewer responses.")


class ResponsesSchema(ApiAutoSchema):
    def _get_request_body(self, direction="request"):
        body = super()._get_request_body(direction)
        # The body is a oneOf of an object and an array, which drf-spectacular cannot read
        # "required" from; without a body there is nothing to record.
        if body is not None:
            body["required"] = True
        return body


@extend_schema_view(
    list=extend_schema(
        description="Responses, newest first, filtered and paginated. Signed-in staff see "
        "only the responses credited to them, a manager with a location only that "
        "location's; API keys see the organization's."
    ),
    retrieve=extend_schema(description="One response."),
)
class ResponseViewSet(OrganizationReadOnlyViewSet):
    """Customers' answers (NPS, CSAT, CES), whatever way they came in.

    API keys read and record the organization's responses. In a browser session every
    role reads what it sees (staff: their own; a manager with a location: that location's),
    managers and admins record. A response is a
    fact: it is never changed or deleted (there is no PUT, PATCH or DELETE).
    """

    schema = ResponsesSchema()
    payload_too_large = TooManyResponses
    read_roles = ALL_ROLES
    write_roles = EDITOR_ROLES
    serializer_class = ResponseSerializer
    filterset_class = ResponseFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # The schema is the same whoever asks: it reads no caller's rows (an API key's
            # organization is not on drf-spectacular's copy of the request).
            return selectors.organization_responses(None).none()
        if isinstance(self.request.auth, ApiKey):
            responses = selectors.organization_responses(api_organization(self.request).pk)
        else:
            membership = getattr(self.request._request, "membership", None)
            if membership is None:  # refused by the permission before; never a row
                return selectors.organization_responses(None).none()
            responses = selectors.responses_for(membership)
        return responses.order_by("-submitted_at", "-id")

    @extend_schema(
        request=ResponsesInputSerializer,
        description="Record one response (a JSON object) or a list of up to 1,000 (a JSON "
        "array), all or nothing: any error is a 400 that names the field, and for a list "
        'the item (from 0), e.g. `{"items": {"3": {"score": ["11 is outside the NPS '
        'scale (0–10)."]}}}`, and nothing is saved.\n\n'
        "**Retries.** Give each response an `external_id`. A response whose `external_id` "
        "is already saved is not saved again: the saved one is returned. A single response "
        "answers 201 when it was created and 200 when it already existed; a list answers "
        "201 when anything was created, else 200, with the responses in request order.\n\n"
        "**Limits.** At most 1,000 responses and 1 MB (1,048,576 bytes) per request; a "
        "larger body is refused with 413 before it is read.",
        responses={
            201: OpenApiResponse(
                ResponsesOutputSerializer,
                "Created: the response, or the list in request order (for a list, at least "
                "one was new; the others are the ones saved before with the same "
                "`external_id`).",
            ),
            200: OpenApiResponse(
                ResponsesOutputSerializer,
                "A retry: every response was saved before with the same `external_id`. "
                "Nothing new was saved.",
            ),
            400: OpenApiResponse(
                ResponsesValidationErrorSerializer,
                "Invalid input: a score that is not a whole number or not on the metric's "
                "scale, an unknown consultant, location, survey, touchpoint or moment (another "
                "organization's is unknown too), a comment over 2,000 characters, a time in "
                "the future, the same `external_id` twice in one list, an empty list or more "
                "than 1,000 responses. Nothing was saved.",
            ),
            403: OpenApiResponse(
                ErrorSerializer,
                "Signed in without a membership, or with a role that only reads (staff, "
                "executive), or a session write without the CSRF token (`X-CSRFToken`).",
            ),
            413: OpenApiResponse(
                ErrorSerializer,
                "The body is larger than 1 MB (1,048,576 bytes). Nothing was saved; send "
                "the responses in smaller lists.",
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        organization = api_organization(request)
        rows, many = check_payload(request.data, organization=organization)
        recorded = intake.record_responses(organization=organization, rows=rows, source=Source.API)
        # Read back in one query, with what the serializer shows (saved ones included).
        saved = selectors.organization_responses(organization.pk).in_bulk(
            [response.pk for response, _created in recorded]
        )
        shown = [saved[response.pk] for response, _created in recorded]
        created = any(was_created for _response, was_created in recorded)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        data = (
            ResponseSerializer(shown, many=True).data if many else ResponseSerializer(shown[0]).data
        )
        return Response(data, status=code)
