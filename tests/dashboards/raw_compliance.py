"""The compliance figures computed by hand from the raw review items: the reference the
rollup (the one engine, dashboards.compliance.reports) is checked against in tests. Days
are read in the current time zone: override it with the locations' zone to compare.

Not an engine of the product: only tests import it.
"""

from datetime import datetime, time

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from dashboards.compliance.reports import ComplianceFilter
from reviews.choices import ItemResult, ReviewStatus
from reviews.models import ReviewItem

NO_FILTER = ComplianceFilter()
GROUPINGS = ("behaviour", "moment", "consultant", "location", "week", "month", "kind")


def counted_items(organization_id: int, filters: ComplianceFilter = NO_FILTER):
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
    organization_id: int, group_by: str, filters: ComplianceFilter = NO_FILTER
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


def compliance_totals(organization_id: int, filters: ComplianceFilter = NO_FILTER):
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
