"""One router for /api/v1/: each app registers its viewsets here."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from common.api.errors import not_found
from dashboards.api.views import ComplianceView, ScoresView
from reviews.api.views import ReviewViewSet
from standards.api.practices import CompetitorPracticeViewSet
from standards.api.views import BehaviourViewSet, StandardsVersionViewSet
from surveys.api.views import ResponseViewSet
from touchpoints.api.views import JourneyViewSet, MomentViewSet, TouchpointViewSet

router = DefaultRouter()
router.register("journeys", JourneyViewSet, basename="journey")
router.register("touchpoints", TouchpointViewSet, basename="touchpoint")
router.register("moments", MomentViewSet, basename="moment")
router.register("behaviours", BehaviourViewSet, basename="behaviour")
router.register("versions", StandardsVersionViewSet, basename="version")
router.register("reviews", ReviewViewSet, basename="review")
router.register("competitor-practices", CompetitorPracticeViewSet, basename="competitor-practice")
router.register("responses", ResponseViewSet, basename="response")

urlpatterns = [
    *router.urls,
    path("compliance/", ComplianceView.as_view(), name="compliance"),
    path("scores/", ScoresView.as_view(), name="scores"),
    # Last: whatever the router did not match is a JSON 404, not the site's HTML page
    # (line breaks included, which `.` would not match; no inline flag: URLs must reverse).
    re_path(r"^[\s\S]*$", not_found),
]
