"""/api/v1/reviews/ (/api/v1/compliance/ is served from the rollups by
dashboards.api.views; /api/v1/competitor-practices/ by standards.api.practices)."""

from django.db.models import OuterRef, Prefetch, Subquery
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.response import Response

from accounts.choices import ALL_ROLES, EDITOR_ROLES, Role
from common.api.errors import ErrorSerializer
from common.api.tenancy import api_organization
from common.api.viewsets import OrganizationModelViewSet
from touchpoints.models import Moment

from .. import selectors
from ..choices import ReviewStatus
from ..models import Review, ReviewItem
from .filters import ReviewFilterSet
from .serializers import (
    ReviewCreateSerializer,
    ReviewSerializer,
    ReviewValidationErrorSerializer,
)


def session_membership(request):
    """The signed-in member, or None when an API key acts for the organization."""
    return getattr(request._request, "membership", None)


def organization_id(request) -> int | None:
    """The id of the organization the request acts for (None while the schema is built)."""
    organization = api_organization(request)
    return organization.pk if organization else None


class ReviewViewSet(OrganizationModelViewSet):
    """Reviews: self-reviews, observations, mystery shops and call reviews.

    Signed-in staff see the reviews of themselves and those they wrote (their drafts
    included); a manager with a location sees that location's and those they wrote;
    other managers, admins, executives and API keys see the organization's. Creating
    needs a manager, an admin or a staff member (staff without the mystery-shopping right
    record self-reviews only); executives read. A submitted review never changes: a
    correction, made in the web UI, is a new review that supersedes it.
    """

    http_method_names = ["get", "post", "head", "options"]
    read_roles = ALL_ROLES
    write_roles = (*EDITOR_ROLES, Role.STAFF)
    filterset_class = ReviewFilterSet

    def get_queryset(self):
        membership = session_membership(self.request)
        if membership is not None:
            reviews = selectors.reviews_for(membership)
        else:
            reviews = selectors.organization_reviews(organization_id(self.request))
        # Only a submitted correction replaces a review; one still being drafted does not.
        corrections = Review.objects.filter(
            supersedes=OuterRef("pk"), status=ReviewStatus.SUBMITTED
        ).values("pk")[:1]
        return (
            reviews.annotate(superseded_by_id=Subquery(corrections))
            .prefetch_related(
                Prefetch("moments", queryset=Moment.objects.order_by("pk")),
                Prefetch("items", queryset=ReviewItem.objects.select_related("behaviour")),
            )
            .order_by("-occurred_at", "-id")
        )

    def get_serializer_class(self):
        return ReviewCreateSerializer if self.action == "create" else ReviewSerializer

    def _shown(self, review, code):
        return Response(ReviewSerializer(self.get_queryset().get(pk=review.pk)).data, status=code)

    @extend_schema(
        request=ReviewCreateSerializer,
        description="Record a complete review (kind, consultant, location, moments, when, "
        "and a result for every active behaviour of those moments) and submit it, in one "
        "transaction: any error is a 400 and nothing is saved.\n\n"
        "**Reviewer.** With an API key there is no signed-in person, so `reviewer` (an "
        "employee code) is required: the member who did the review. It must be allowed to "
        "review others (a manager, an admin, or staff with the mystery-shopping right) "
        "unless `kind` is `self`, where reviewer and consultant are the same person. In a "
        "browser session the reviewer is always you.\n\n"
        "**Retries.** Send a `client_token`: a retry with a token already used returns "
        "the review it created, with 200.",
        responses={
            201: ReviewSerializer,
            200: OpenApiResponse(
                ReviewSerializer,
                "A retry: the review created earlier with this `client_token`. Nothing new "
                "was saved.",
            ),
            400: OpenApiResponse(
                ReviewValidationErrorSerializer,
                "Invalid input, a code or id not of your organization (`Unknown consultant.`, "
                "`Unknown behaviour.`), an item that cannot be scored (retired, of another "
                "moment), behaviours left unscored, or a date in the future. Nothing was saved.",
            ),
            403: OpenApiResponse(
                ErrorSerializer,
                "Signed in without a membership; an executive (read-only); staff without the "
                "mystery-shopping right recording anything but a self-review; or a session "
                "write without the CSRF token (`X-CSRFToken`).",
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        token = request.data.get("client_token") if isinstance(request.data, dict) else None
        if isinstance(token, str) and token:
            existing = self._review_with_token(token)
            if existing is not None:
                return self._shown(existing, status.HTTP_200_OK)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = serializer.save()
        return self._shown(review, status.HTTP_200_OK if serializer.existed else 201)

    def _review_with_token(self, token: str):
        """The submitted review this caller created with `token` before, if any. A token
        already taken by a draft, or by a review the caller may not see, is refused."""
        organization = api_organization(self.request)
        existing = selectors.organization_reviews(organization.pk).filter(client_token=token)
        review = existing.first()
        if review is None:
            return None
        if (
            review.status != ReviewStatus.SUBMITTED
            or not self.get_queryset().filter(pk=review.pk).exists()
        ):
            raise exceptions.ValidationError(
                {"client_token": [_("This token is already used; send a new one.")]}
            )
        return review
