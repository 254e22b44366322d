"""/api/v1/scores/ and /api/v1/compliance/: figures read from the daily rollups only."""

from dataclasses import replace

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.errors import ErrorSerializer, ValidationErrorSerializer
from accounts.api.permissions import api_organization
from accounts.choices import ALL_ROLES, Role
from reviews.api.compliance import ComplianceQuerySerializer, ComplianceSerializer, figures

from .. import figure_cache, selectors
from .serializers import ScoresQuerySerializer, ScoresSerializer


def _pin_staff(request, scope: selectors.Scope) -> selectors.Scope:
    """Signed-in staff see their own figures: asking for someone else's is a 403."""
    membership = getattr(request._request, "membership", None)
    if membership is None or membership.role != Role.STAFF:
        return scope
    if scope.consultant_id not in (None, membership.pk):
        raise exceptions.PermissionDenied(_("Staff see their own figures only."))
    return replace(scope, consultant_id=membership.pk)


class ScoresView(APIView):
    """NPS, CSAT or CES in total and per group, from the daily survey rollup.

    Signed-in staff get their own figures only."""

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
                "Signed in without a membership, or staff asking for another consultant's figures.",
            ),
        },
    )
    def get(self, request):
        query = ScoresQuerySerializer(
            data=request.query_params.dict(), context={"request": request}
        )
        query.is_valid(raise_exception=True)
        scope = _pin_staff(request, query.scope())
        metric, group_by = query.validated_data["metric"], query.validated_data["group_by"]
        body = figure_cache.remember(scope.organization_id, "api-scores", (scope, metric, group_by))
        return Response(ScoresSerializer(body).data)


class ComplianceView(APIView):
    """Iron compliance and master rate, in total and per group, from the daily compliance
    rollup of the reviews that count. Days are local days of each review's location.

    Signed-in staff get their own figures only."""

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
                "Signed in without a membership, or staff asking for another consultant's figures.",
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
        scope = _pin_staff(request, scope)
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
