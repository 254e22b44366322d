"""Permission-scoped reads of journeys, touchpoints and moments.

Every query starts from the organization, so a foreign id is simply not found (404).
"""

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import Organization

from .models import Journey, Moment, PricelessNote, Touchpoint


def journeys_for(organization: Organization) -> QuerySet[Journey]:
    return Journey.objects.filter(organization=organization)


def journey_for(organization: Organization, pk: int) -> Journey:
    return journeys_for(organization).get(pk=pk)


def touchpoints_for(organization: Organization) -> QuerySet[Touchpoint]:
    return Touchpoint.objects.filter(journey__organization=organization).select_related("journey")


def touchpoint_for(organization: Organization, pk: int) -> Touchpoint:
    return touchpoints_for(organization).get(pk=pk)


def moments_for(organization: Organization) -> QuerySet[Moment]:
    return Moment.objects.filter(touchpoint__journey__organization=organization).select_related(
        "touchpoint__journey"
    )


def moment_for(organization: Organization, pk: int) -> Moment:
    return moments_for(organization).get(pk=pk)


def moments_for_filter(organization_id: int) -> QuerySet[Moment]:
    """The organization's moments in journey order, for a filter or a form's choices."""
    return (
        Moment.objects.filter(touchpoint__journey__organization_id=organization_id)
        .select_related("touchpoint")
        .order_by("touchpoint__journey__order", "touchpoint__order", "order", "id")
    )


def priceless_notes_for(organization: Organization) -> QuerySet[PricelessNote]:
    return PricelessNote.objects.filter(journey__organization=organization)


def priceless_note_for(organization: Organization, pk: int) -> PricelessNote:
    return priceless_notes_for(organization).select_related("journey").get(pk=pk)


def journeys_overview(organization: Organization) -> QuerySet[Journey]:
    """Journeys with counts of touchpoints, moments and moments of truth."""
    return journeys_for(organization).annotate(
        touchpoint_count=Count("touchpoints", distinct=True),
        moment_count=Count("touchpoints__moments", distinct=True),
        critical_count=Count(
            "touchpoints__moments", filter=Q(touchpoints__moments__is_critical=True), distinct=True
        ),
    )


def journey_map(organization: Organization, pk: int) -> Journey:
    """A journey with touchpoints, their moments and per-moment behaviour counts.

    A fixed number of queries whatever the number of moments (pinned in tests).
    """
    moments = Moment.objects.annotate(
        iron_count=Count(
            "behaviours",
            filter=Q(behaviours__kind="iron", behaviours__retired_at__isnull=True),
        ),
        master_count=Count(
            "behaviours",
            filter=Q(behaviours__kind="master", behaviours__retired_at__isnull=True),
        ),
    ).order_by("order", "id")
    return (
        journeys_for(organization)
        .prefetch_related(
            Prefetch("touchpoints", queryset=Touchpoint.objects.order_by("order", "id")),
            Prefetch("touchpoints__moments", queryset=moments),
            "priceless_notes",
        )
        .get(pk=pk)
    )
