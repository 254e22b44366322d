"""/api/v1/scores/ and /api/v1/compliance/: figures read from the daily rollups only."""

from dataclasses import replace

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import ALL_ROLES
from accounts.selectors import visibility
from common.api.errors import ErrorSerializer, ValidationErrorSerializer
from common.api.tenancy import api_organization

from .. import figure_cache, selectors
from .compliance import ComplianceQuerySerializer, ComplianceSerializer, figures
from .serializers import ScoresQuerySerializer, ScoresSerializer


def _pin_visibility(request, scope: selectors.Scope) -> selectors.Scope:
    """The scope within what the signed-in member sees (accounts.selectors.visibility):
    staff their own figures, a location manager their location's. Asking for another
    consultant's or location's figures is a 403. API keys see the organization's."""
    membership = getattr(request._request, "membership", None)
    if membership is None:
        return scope
    seen = visibility(membership)
    if seen.consultant_id is not None:
        if scope.consultant_id not in (None, seen.consultant_id):
            raise exceptions.PermissionDenied(_("Staff see their own figures only."))
        scope = replace(scope, consultant_id=seen.consultant_id)
    if seen.location_ids is not None:
        if scope.location_ids is not None and not set(scope.location_ids) <= set(seen.location_ids):
            raise exceptions.PermissionDenied(_("You see the figures of your location only."))
        scope = replace(scope, location_ids=scope.location_ids or seen.location_ids)
    return scope


class ScoresView(APIView):
    """NPS, CSAT or CES in total and per group, from the daily survey rollup.

    Signed-in staff get their own figures only, a manager with a location that location's."""

    read_roles = ALL_ROLES

    @extend_schema(
        parameters=[ScoresQuerySerializer],
        responses={
            200: ScoresSerializer,
            400: OpenApiResponse(
                ValidationErrorSerializer,
                "An unknown metric or grouping, a malformed date, `to` before `from`, or a "
                "location or consultant that is not of your organization.",
            ),
            403: OpenApiResponse(
                ErrorSerializer,
                "Signed in without a membership, staff asking for another consultant's figures, "
                "or a manager with a location asking for another location's.",
            ),
        },
    )
    def get(self, request):
        query = ScoresQuerySerializer(
            data=request.query_params.dict(), context={"request": request}
        )
        query.is_valid(raise_exception=True)
        scope = _pin_visibility(request, query.scope())
        metric, group_by = query.validated_data["metric"], query.validated_data["group_by"]
        body = figure_cache.remember(scope.organization_id, "api-scores", (scope, metric, group_by))
        return Response(ScoresSerializer(body).data)


class ComplianceView(APIView):
    """Iron compliance and master rate, in total and per group, from the daily compliance
    rollup of the reviews that count. Days are local days of each review's location.

    Signed-in staff get their own figures only, a manager with a location that location's."""

    read_roles = ALL_ROLES

    @extend_schema(
        parameters=[ComplianceQuerySerializer],
        responses={
            200: ComplianceSerializer,
            400: OpenApiResponse(
                ValidationErrorSerializer,
                "An unknown grouping, a malformed date, `to` before `from`, or a location, "
                "consultant or moment that is not of your organization.",
            ),
            403: OpenApiResponse(
                ErrorSerializer,
                "Signed in without a membership, staff asking for another consultant's figures, "
                "or a manager with a location asking for another location's.",
            ),
        },
    )
    def get(self, request):
        query = ComplianceQuerySerializer(
            data=request.query_params.dict(), context={"request": request}
        )
        query.is_valid(raise_exception=True)
        filters = query.compliance_filter()
        scope = selectors.Scope(
            organization_id=api_organization(request).pk,
            date_from=filters.date_from,
            date_to=filters.date_to,
            location_ids=(filters.location_id,) if filters.location_id else None,
            consultant_id=filters.consultant_id,
        )
        scope = _pin_visibility(request, scope)
        group_by = query.validated_data["group_by"]
        report = figure_cache.remember(
            scope.organization_id,
            "api-compliance",
            (scope, group_by, filters.moment_id, filters.review_kind),
        )
        body = {
            "group_by": group_by,
            "totals": figures(report["totals"]),
            "results": [figures(row) for row in report["results"]],
        }
        return Response(ComplianceSerializer(body).data)
