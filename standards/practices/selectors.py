"""Permission-scoped reads of competitor and best practices."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from touchpoints.models import Moment

from ..models import Behaviour, BestPractice, CompetitorPractice


def competitor_practices_for(organization_id: int) -> QuerySet[CompetitorPractice]:
    return CompetitorPractice.objects.filter(organization_id=organization_id).select_related(
        "moment__touchpoint__journey", "created_by"
    )


def competitor_practice_for(organization_id: int, pk: int) -> CompetitorPractice:
    return competitor_practices_for(organization_id).get(pk=pk)


def best_practices_for(organization_id: int) -> QuerySet[BestPractice]:
    return BestPractice.objects.filter(organization_id=organization_id).select_related(
        "consultant__user", "moment__touchpoint", "promoted_behaviour"
    )


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
