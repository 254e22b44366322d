"""Permission-scoped reads of reviews and the compliance figures, computed in SQL."""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Membership
from standards.models import Behaviour
from touchpoints.models import Moment

from .choices import ItemResult, ReviewStatus
from .models import BestPractice, CompetitorPractice, Review, ReviewItem

READ_ALL_ROLES = (Role.MANAGER, Role.ADMIN, Role.EXECUTIVE)


def reviews_for(membership: Membership) -> QuerySet[Review]:
    """Managers, admins and executives see the organization's reviews; staff see the
    reviews of themselves (submitted) and the drafts they are writing."""
    reviews = Review.objects.filter(organization_id=membership.organization_id).select_related(
        "consultant__user", "reviewer__user", "location", "standards_version"
    )
    if membership.role in READ_ALL_ROLES:
        return reviews
    return reviews.filter(
        Q(consultant=membership, status=ReviewStatus.SUBMITTED) | Q(reviewer=membership)
    )


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
    return Review.objects.filter(
        consultant=membership, status=ReviewStatus.SUBMITTED, acknowledged_at=None
    )


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
