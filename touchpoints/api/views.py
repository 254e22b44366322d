"""/api/v1/journeys/, /touchpoints/, /moments/: CRUD and reordering, per organization."""

from common.api.tenancy import api_organization
from common.api.viewsets import MoveMixin, OrganizationModelViewSet

from .. import selectors, services
from .filters import MomentFilterSet, TouchpointFilterSet
from .serializers import JourneySerializer, MomentSerializer, TouchpointSerializer


class NodeViewSet(MoveMixin, OrganizationModelViewSet):
    """Journeys, touchpoints and moments delete with what hangs below them and reorder
    among their siblings through the same services the web pages use."""

    def perform_destroy(self, instance):
        services.delete_node(obj=instance)

    def perform_move(self, instance, direction):
        return services.move(obj=instance, direction=direction)


class JourneyViewSet(NodeViewSet):
    """Customer journeys of the organization, in their order.

    DELETE removes the journey with its touchpoints, moments and behaviours; published
    versions keep their frozen copy."""

    serializer_class = JourneySerializer

    def get_queryset(self):
        return (
            selectors.journeys_for(api_organization(self.request))
            .prefetch_related("locations")
            .order_by("order", "id")
        )


class TouchpointViewSet(NodeViewSet):
    """Touchpoints, journey by journey, each in its order.

    DELETE removes the touchpoint with its moments and behaviours; published versions
    keep their frozen copy."""

    serializer_class = TouchpointSerializer
    filterset_class = TouchpointFilterSet

    def get_queryset(self):
        return selectors.touchpoints_for(api_organization(self.request)).order_by(
            "journey__order", "journey_id", "order", "id"
        )


class MomentViewSet(NodeViewSet):
    """Moments (situations) at touchpoints; `is_critical` marks a moment of truth.

    DELETE removes the moment with its behaviours; published versions keep their
    frozen copy."""

    serializer_class = MomentSerializer
    filterset_class = MomentFilterSet

    def get_queryset(self):
        return selectors.moments_for(api_organization(self.request)).order_by(
            "touchpoint__journey__order",
            "touchpoint__journey_id",
            "touchpoint__order",
            "touchpoint_id",
            "order",
            "id",
        )
