"""One router for /api/v1/: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from standards.api.views import BehaviourViewSet, StandardsVersionViewSet
from touchpoints.api.views import JourneyViewSet, MomentViewSet, TouchpointViewSet

router = DefaultRouter()
router.register("journeys", JourneyViewSet, basename="journey")
router.register("touchpoints", TouchpointViewSet, basename="touchpoint")
router.register("moments", MomentViewSet, basename="moment")
router.register("behaviours", BehaviourViewSet, basename="behaviour")
router.register("versions", StandardsVersionViewSet, basename="version")

urlpatterns = router.urls
