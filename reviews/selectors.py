"""Permission-scoped reads of reviews (the compliance figures: dashboards.compliance.reports)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import Membership
from accounts.selectors import at_visible_locations, location_q, visibility, visible_staff
from standards.models import Behaviour
from touchpoints.models import Moment

from .choices import ItemResult, ReviewKind, ReviewStatus
from .models import Review


def reviews_for(membership: Membership) -> QuerySet[Review]:
    """The reviews a member sees (accounts.selectors.visibility): the organization's, a
    location manager's location's, or for staff the reviews of themselves (submitted).
    Everyone sees the reviews they write, drafts included, wherever they were done."""
    reviews = Review.objects.filter(organization_id=membership.organization_id).select_related(
        "consultant__user", "reviewer__user", "location", "standards_version"
    )
    seen = visibility(membership)
    if seen.is_everything:
        return reviews
    if seen.consultant_id is not None:
        return reviews.filter(
            Q(consultant_id=seen.consultant_id, status=ReviewStatus.SUBMITTED)
            | Q(reviewer=membership)
        )
    return reviews.filter(location_q(membership) | Q(reviewer=membership))


def review_for(membership: Membership, pk: int) -> Review:
    return reviews_for(membership).get(pk=pk)


def review_sheet(review: Review) -> list[dict]:
    """Per moment of the review: its active behaviours (iron first) with the current item.

    Three queries whatever the number of moments and behaviours.
    """
    items = {item.behaviour_id: item for item in review.items.all()}
    behaviours = Behaviour.objects.active().order_by("kind", "order", "id")
    if review.status == ReviewStatus.SUBMITTED:
        # A submitted review shows what was scored, even behaviours retired since.
        behaviours = Behaviour.objects.filter(pk__in=items).order_by("kind", "order", "id")
    moments = (
        review.moments.select_related("touchpoint")
        .prefetch_related(Prefetch("behaviours", queryset=behaviours, to_attr="sheet_behaviours"))
        .order_by("touchpoint__order", "order", "id")
    )
    return [
        {
            "moment": moment,
            "rows": [{"behaviour": b, "item": items.get(b.pk)} for b in moment.sheet_behaviours],
        }
        for moment in moments
    ]


def unacknowledged_reviews(membership: Membership) -> QuerySet[Review]:
    """Reviews of the consultant still waiting for their acknowledgement: not their own
    self-reviews (they wrote them) and not reviews replaced by a correction."""
    return Review.objects.filter(
        consultant=membership, status=ReviewStatus.SUBMITTED, acknowledged_at=None
    ).exclude(Q(kind=ReviewKind.SELF) | Q(superseded_at__isnull=False))


def my_situations(membership: Membership) -> QuerySet[Moment]:
    """The critical moments of the consultant's organization with their active behaviours,
    for the self-review on a phone."""
    return (
        Moment.objects.filter(
            touchpoint__journey__organization_id=membership.organization_id, is_critical=True
        )
        .select_related("touchpoint__journey")
        .prefetch_related(
            Prefetch(
                "behaviours",
                queryset=Behaviour.objects.active().order_by("kind", "order"),
                to_attr="active_behaviours",
            )
        )
        .order_by("touchpoint__journey__order", "touchpoint__order", "order", "id")
    )


# --- Pages of the reviews app (views.py) ---------------------------------------------------

LIST_STATUSES = ("draft", "submitted", "corrected", "to_acknowledge")


def review_list_for(
    membership: Membership,
    *,
    kind: str = "",
    consultant_id: int | None = None,
    location_id: int | None = None,
    status: str = "",
) -> QuerySet[Review]:
    """The reviews a member may see, filtered, with per-tier results counted in SQL and
    their moments prefetched: two queries per page whatever the number of reviews.

    `status` is one of LIST_STATUSES: "submitted" means it counts (not corrected since),
    "corrected" means a newer review replaced it, "to_acknowledge" waits for the consultant.
    """
    reviews = reviews_for(membership)
    if kind:
        reviews = reviews.filter(kind=kind)
    if consultant_id:
        reviews = reviews.filter(consultant_id=consultant_id)
    if location_id:
        reviews = reviews.filter(location_id=location_id)
    if status == "draft":
        reviews = reviews.filter(status=ReviewStatus.DRAFT)
    elif status == "submitted":
        reviews = reviews.filter(status=ReviewStatus.SUBMITTED, superseded_at=None)
    elif status == "corrected":
        reviews = reviews.filter(superseded_at__isnull=False)
    elif status == "to_acknowledge":
        reviews = reviews.filter(
            status=ReviewStatus.SUBMITTED, superseded_at=None, acknowledged_at=None
        ).exclude(kind=ReviewKind.SELF)
    met = Q(items__result=ItemResult.MET)
    applicable = Q(items__result__in=[ItemResult.MET, ItemResult.NOT_MET])
    return (
        reviews.annotate(
            iron_met=Count("items", filter=met & Q(items__kind="iron")),
            iron_applicable=Count("items", filter=applicable & Q(items__kind="iron")),
            master_met=Count("items", filter=met & Q(items__kind="master")),
            master_applicable=Count("items", filter=applicable & Q(items__kind="master")),
        )
        # Aggregating queries drop Meta.ordering: say it again, pagination needs it.
        .order_by("-occurred_at", "-id")
        .prefetch_related(
            Prefetch(
                "moments",
                queryset=Moment.objects.order_by(
                    "touchpoint__journey__order", "touchpoint__order", "order", "id"
                ),
            )
        )
    )


def correction_of(membership: Membership, review: Review) -> Review | None:
    """The newer review correcting this one, if the member may see it (a correction the
    manager is still drafting stays hidden from the consultant)."""
    return reviews_for(membership).filter(supersedes=review).first()


def open_self_reviews(membership: Membership) -> dict[int, int]:
    """Moment id → the newest self-review draft of it the consultant has not submitted yet.
    One query."""
    rows = (
        Review.moments.through.objects.filter(
            review__reviewer=membership,
            review__consultant=membership,
            review__kind=ReviewKind.SELF,
            review__status=ReviewStatus.DRAFT,
        )
        .order_by("review_id")
        .values_list("moment_id", "review_id")
    )
    return dict(rows)


def behaviour_to_score(membership: Membership, pk: int) -> Behaviour:
    """A behaviour of the member's organization, retired ones included, so that scoring a
    retired behaviour is refused with a reason rather than "not found"."""
    return Behaviour.objects.filter(
        moment__touchpoint__journey__organization_id=membership.organization_id
    ).get(pk=pk)


def moment_to_self_review(membership: Membership, pk: int) -> Moment:
    """A moment of the member's organization (critical or not: the service says why a
    plain moment cannot be self-reviewed)."""
    return (
        Moment.objects.filter(touchpoint__journey__organization_id=membership.organization_id)
        .select_related("touchpoint__journey")
        .get(pk=pk)
    )


# --- The consultant page (dashboards/compliance/views.py) ---------------------------------


def consultant_for(membership: Membership, pk: int) -> Membership:
    """A consultant (staff membership) whose page the member may open, or
    Membership.DoesNotExist: staff open their own, a location manager those based at
    their location, everyone else the organization's."""
    return visible_staff(membership).get(pk=pk)


def latest_reviews_of(
    consultant: Membership, membership: Membership, limit: int = 10
) -> QuerySet[Review]:
    """The consultant's newest reviews that count and that the member sees, with
    met/applicable per tier (one query)."""
    met = Q(items__result=ItemResult.MET)
    applicable = Q(items__result__in=[ItemResult.MET, ItemResult.NOT_MET])
    reviews = Review.objects.filter(
        consultant=consultant, status=ReviewStatus.SUBMITTED, superseded_at__isnull=True
    )
    return (
        at_visible_locations(reviews, membership)
        .select_related("reviewer__user", "location")
        .annotate(
            iron_met=Count("items", filter=met & Q(items__kind="iron")),
            iron_applicable=Count("items", filter=applicable & Q(items__kind="iron")),
            master_met=Count("items", filter=met & Q(items__kind="master")),
            master_applicable=Count("items", filter=applicable & Q(items__kind="master")),
        )
        .order_by("-occurred_at", "-id")[:limit]
    )


# --- The API (reviews/api/) ----------------------------------------------------------------


def organization_reviews(organization_id: int) -> QuerySet[Review]:
    """Every review of the organization, drafts included: what an API key (which acts for
    the organization, not for a person) may read."""
    return Review.objects.filter(organization_id=organization_id).select_related(
        "consultant__user", "reviewer__user", "location", "standards_version"
    )


def behaviours_to_score(organization_id: int) -> QuerySet[Behaviour]:
    """The organization's behaviours, retired ones included, so that scoring a retired
    behaviour is refused with a reason rather than as unknown."""
    return Behaviour.objects.filter(moment__touchpoint__journey__organization_id=organization_id)
