"""Permission-scoped reads of reviews and the compliance figures, computed in SQL."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from accounts.models import Membership
from accounts.selectors import at_visible_locations, location_q, visibility, visible_staff
from standards.models import Behaviour
from touchpoints.models import Moment

from .choices import ItemResult, ReviewKind, ReviewStatus
from .models import BestPractice, CompetitorPractice, Review, ReviewItem


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


GROUPINGS = ("behaviour", "moment", "consultant", "location", "week", "month", "kind")


@dataclass(frozen=True)
class ComplianceFilter:
    """What a compliance figure is restricted to; every field optional."""

    date_from: date | None = None
    date_to: date | None = None
    location_id: int | None = None
    moment_id: int | None = None
    consultant_id: int | None = None
    review_kind: str | None = None
    # What the reader may see (accounts.selectors.visibility); None: every location.
    location_ids: tuple[int, ...] | None = None

    def seen_by(self, membership: Membership) -> "ComplianceFilter":
        """This filter within what the member sees."""
        seen = visibility(membership)
        return replace(
            self,
            location_ids=seen.location_ids,
            consultant_id=seen.consultant_id or self.consultant_id,
        )


def counted_items(organization_id: int, filters: ComplianceFilter = ComplianceFilter()):
    """Items of reviews that count: submitted and not corrected by a newer review."""
    items = ReviewItem.objects.filter(
        review__organization_id=organization_id,
        review__status=ReviewStatus.SUBMITTED,
        review__superseded_at__isnull=True,
    )
    tz = timezone.get_current_timezone()
    if filters.date_from:
        items = items.filter(
            review__occurred_at__gte=datetime.combine(filters.date_from, time.min, tz)
        )
    if filters.date_to:
        items = items.filter(
            review__occurred_at__lte=datetime.combine(filters.date_to, time.max, tz)
        )
    if filters.location_id:
        items = items.filter(review__location_id=filters.location_id)
    if filters.location_ids is not None:
        items = items.filter(review__location_id__in=filters.location_ids)
    if filters.moment_id:
        items = items.filter(behaviour__moment_id=filters.moment_id)
    if filters.consultant_id:
        items = items.filter(review__consultant_id=filters.consultant_id)
    if filters.review_kind:
        items = items.filter(review__kind=filters.review_kind)
    return items


def _rate(met: int, applicable: int) -> float | None:
    return round(100 * met / applicable, 1) if applicable else None


def compliance(
    organization_id: int, group_by: str, filters: ComplianceFilter = ComplianceFilter()
) -> list[dict]:
    """Iron compliance and master rate per group, in one SQL aggregate.

    Iron compliance = iron met / iron applicable; master rate = master met / master
    applicable; "not applicable" never counts. Groups come back worst iron first.
    """
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}")
    items = counted_items(organization_id, filters)
    keys = {
        "behaviour": {
            "key": F("behaviour_id"),
            "label": F("behaviour__text"),
            "kind_of": F("kind"),
            "moment_name": F("behaviour__moment__name"),
            "moment_id": F("behaviour__moment_id"),
        },
        "moment": {"key": F("behaviour__moment_id"), "label": F("behaviour__moment__name")},
        "consultant": {
            "key": F("review__consultant_id"),
            "first": F("review__consultant__user__first_name"),
            "last": F("review__consultant__user__last_name"),
            "username": F("review__consultant__user__username"),
        },
        "location": {"key": F("review__location_id"), "label": F("review__location__name")},
        "week": {"key": TruncWeek("review__occurred_at")},
        "month": {"key": TruncMonth("review__occurred_at")},
        "kind": {"key": F("kind")},
    }[group_by]
    applicable = Q(result__in=[ItemResult.MET, ItemResult.NOT_MET])
    met = Q(result=ItemResult.MET)
    rows = (
        items.annotate(**keys)
        .values(*keys)
        .annotate(
            iron_met=Count("id", filter=met & Q(kind="iron")),
            iron_applicable=Count("id", filter=applicable & Q(kind="iron")),
            master_met=Count("id", filter=met & Q(kind="master")),
            master_applicable=Count("id", filter=applicable & Q(kind="master")),
            not_applicable=Count("id", filter=Q(result=ItemResult.NOT_APPLICABLE)),
            reviews=Count("review_id", distinct=True),
        )
        .order_by("key")
    )
    result = []
    for row in rows:
        if group_by == "consultant":
            row["label"] = f"{row.pop('first')} {row.pop('last')}".strip() or row["username"]
            row.pop("username")
        elif group_by in ("week", "month"):
            row["label"] = row["key"].date().isoformat() if row["key"] else ""
        elif group_by == "kind":
            row["label"] = row["key"]
        row["iron_rate"] = _rate(row["iron_met"], row["iron_applicable"])
        row["master_rate"] = _rate(row["master_met"], row["master_applicable"])
        result.append(row)
    if group_by not in ("week", "month"):
        # Worst first: where do we fail the iron standard most? Groups without iron last.
        result.sort(
            key=lambda r: (r["iron_rate"] is None, r["iron_rate"] or 0, r["master_rate"] or 0)
        )
    return result


def compliance_totals(organization_id: int, filters: ComplianceFilter = ComplianceFilter()):
    """The two headline figures for the filtered set."""
    applicable = Q(result__in=[ItemResult.MET, ItemResult.NOT_MET])
    met = Q(result=ItemResult.MET)
    row = counted_items(organization_id, filters).aggregate(
        iron_met=Count("id", filter=met & Q(kind="iron")),
        iron_applicable=Count("id", filter=applicable & Q(kind="iron")),
        master_met=Count("id", filter=met & Q(kind="master")),
        master_applicable=Count("id", filter=applicable & Q(kind="master")),
        reviews=Count("review_id", distinct=True),
    )
    row["iron_rate"] = _rate(row["iron_met"], row["iron_applicable"])
    row["master_rate"] = _rate(row["master_met"], row["master_applicable"])
    return row


def competitor_practices_for(organization_id: int) -> QuerySet[CompetitorPractice]:
    return CompetitorPractice.objects.filter(organization_id=organization_id).select_related(
        "moment__touchpoint__journey", "created_by"
    )


def best_practices_for(organization_id: int) -> QuerySet[BestPractice]:
    return BestPractice.objects.filter(organization_id=organization_id).select_related(
        "consultant__user", "moment__touchpoint", "promoted_behaviour"
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


# --- Compliance and practice pages (compliance_views.py, practice_views.py) ---------------


def compliance_report(
    organization_id: int, filters: ComplianceFilter, groupings: tuple[str, ...]
) -> dict:
    """What a compliance page shows: the headline figures and, per grouping, its rows.

    One SQL aggregate for the totals and one per grouping, whatever the number of reviews,
    consultants or behaviours. "behaviour" comes back split by tier: `iron_behaviours`
    worst iron first, `master_behaviours` least delivered first; the others as `by_<group>`.
    """
    report: dict = {"totals": compliance_totals(organization_id, filters)}
    for group_by in groupings:
        rows = compliance(organization_id, group_by, filters)
        if group_by == "behaviour":
            # Loops over a handful of aggregated groups, not over review items.
            report["iron_behaviours"] = [row for row in rows if row["kind_of"] == "iron"]
            report["master_behaviours"] = sorted(
                (row for row in rows if row["kind_of"] == "master"),
                key=lambda row: (row["master_rate"] is None, row["master_rate"] or 0),
            )
        else:
            report[f"by_{group_by}"] = rows
    return report


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


def competitor_practice_for(organization_id: int, pk: int) -> CompetitorPractice:
    return competitor_practices_for(organization_id).get(pk=pk)


def best_practice_for(organization_id: int, pk: int) -> BestPractice:
    return best_practices_for(organization_id).get(pk=pk)


def moments_with_practices(organization_id: int) -> QuerySet[Moment]:
    """Moments of truth, and any other moment with a practice recorded, each with our
    active behaviours (`active_behaviours`), what competitors do (`competitor_list`) and
    what our best consultants do (`best_list`). Five queries, whatever the numbers."""
    competitors = CompetitorPractice.objects.filter(organization_id=organization_id)
    best = BestPractice.objects.filter(organization_id=organization_id)
    return (
        Moment.objects.filter(touchpoint__journey__organization_id=organization_id)
        .filter(
            Q(is_critical=True)
            | Exists(competitors.filter(moment=OuterRef("pk")))
            | Exists(best.filter(moment=OuterRef("pk")))
        )
        .select_related("touchpoint__journey")
        .prefetch_related(
            Prefetch(
                "behaviours",
                queryset=Behaviour.objects.active().order_by("kind", "order", "id"),
                to_attr="active_behaviours",
            ),
            Prefetch(
                "competitor_practices",
                queryset=competitors.order_by("-observed_on", "-id"),
                to_attr="competitor_list",
            ),
            Prefetch(
                "best_practices",
                queryset=best.select_related("consultant__user", "promoted_behaviour")
                .prefetch_related("behaviours")
                .order_by("-created_at", "-id"),
                to_attr="best_list",
            ),
        )
        .order_by("touchpoint__journey__order", "touchpoint__order", "order", "id")
    )


def moments_for_filter(organization_id: int) -> QuerySet[Moment]:
    """The organization's moments in journey order, for a filter or a form's choices."""
    return (
        Moment.objects.filter(touchpoint__journey__organization_id=organization_id)
        .select_related("touchpoint")
        .order_by("touchpoint__journey__order", "touchpoint__order", "order", "id")
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


def compliance_with_totals(
    organization_id: int, group_by: str, filters: ComplianceFilter = ComplianceFilter()
) -> dict:
    """The groups of `compliance()` and the totals of the same filtered items, not-applicable
    items included. Two SQL aggregates, whatever the number of reviews."""
    applicable = Q(result__in=[ItemResult.MET, ItemResult.NOT_MET])
    met = Q(result=ItemResult.MET)
    totals = counted_items(organization_id, filters).aggregate(
        iron_met=Count("id", filter=met & Q(kind="iron")),
        iron_applicable=Count("id", filter=applicable & Q(kind="iron")),
        master_met=Count("id", filter=met & Q(kind="master")),
        master_applicable=Count("id", filter=applicable & Q(kind="master")),
        not_applicable=Count("id", filter=Q(result=ItemResult.NOT_APPLICABLE)),
        reviews=Count("review_id", distinct=True),
    )
    totals["iron_rate"] = _rate(totals["iron_met"], totals["iron_applicable"])
    totals["master_rate"] = _rate(totals["master_met"], totals["master_applicable"])
    return {"totals": totals, "results": compliance(organization_id, group_by, filters)}
