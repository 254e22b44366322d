"""/api/v1/behaviours/ (CRUD, DELETE retires) and /api/v1/versions/ (read-only)."""

from common.api.tenancy import api_organization
from common.api.viewsets import MoveMixin, OrganizationModelViewSet, OrganizationReadOnlyViewSet

from .. import selectors, services
from .filters import BehaviourFilterSet, StandardsVersionFilterSet
from .serializers import (
    BehaviourSerializer,
    StandardsVersionDetailSerializer,
    StandardsVersionSerializer,
)


class BehaviourViewSet(MoveMixin, OrganizationModelViewSet):
    """Iron and master behaviours of the current standards.

    DELETE retires a behaviour: it leaves the list, published versions and reviews keep it.
    """

    serializer_class = BehaviourSerializer
    filterset_class = BehaviourFilterSet

    def get_queryset(self):
        return selectors.behaviours_for(api_organization(self.request)).order_by(
            "moment__touchpoint__journey__order",
            "moment__touchpoint__journey_id",
            "moment__touchpoint__order",
            "moment__touchpoint_id",
            "moment__order",
            "moment_id",
            "kind",
            "order",
            "id",
        )

    def perform_destroy(self, behaviour):
        services.retire_behaviour(behaviour=behaviour)

    def perform_move(self, behaviour, direction):
        return services.move_behaviour(behaviour=behaviour, direction=direction)


class StandardsVersionViewSet(OrganizationReadOnlyViewSet):
    """Published, immutable versions of the standards, newest first, by number: each of
    one journey (`journey`) or of all journeys (`all_journeys`).

    The list leaves out the snapshot (it holds every behaviour); a version's page has it.
    """

    lookup_field = "number"
    filterset_class = StandardsVersionFilterSet

    def get_queryset(self):
        versions = selectors.versions_for(api_organization(self.request)).order_by("-number")
        return versions.defer("snapshot") if self.action == "list" else versions

    def get_serializer_class(self):
        if self.action == "retrieve":
            return StandardsVersionDetailSerializer
        return StandardsVersionSerializer
