"""Permission-scoped reads of behaviours, versions and acknowledgements."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.choices import Role
from accounts.models import Membership, Organization
from touchpoints.models import Journey, Moment, Touchpoint

from .choices import BehaviourKind
from .models import Acknowledgement, Behaviour, StandardsVersion


def behaviours_for(organization: Organization) -> QuerySet[Behaviour]:
    """Active behaviours of the organization."""
    return (
        Behaviour.objects.active()
        .filter(moment__touchpoint__journey__organization=organization)
        .select_related("moment__touchpoint__journey")
    )


def behaviour_for(organization: Organization, pk: int) -> Behaviour:
    return behaviours_for(organization).get(pk=pk)


def moment_with_behaviours(organization: Organization, pk: int) -> Moment:
    """A moment with its active behaviours in order, for the moment page."""
    return (
        Moment.objects.filter(touchpoint__journey__organization=organization)
        .select_related("touchpoint__journey")
        .prefetch_related(
            Prefetch(
                "behaviours",
                queryset=Behaviour.objects.active().order_by("kind", "order", "id"),
                to_attr="active_behaviours",
            )
        )
        .get(pk=pk)
    )


def current_standards(organization: Organization) -> QuerySet[Journey]:
    """Journeys → touchpoints → moments → active behaviours, in four queries."""
    behaviours = Behaviour.objects.active().order_by("kind", "order", "id")
    moments = Moment.objects.order_by("order", "id").prefetch_related(
        Prefetch("behaviours", queryset=behaviours, to_attr="active_behaviours")
    )
    touchpoints = Touchpoint.objects.order_by("order", "id").prefetch_related(
        Prefetch("moments", queryset=moments)
    )
    return (
        Journey.objects.filter(organization=organization)
        .order_by("order", "id")
        .prefetch_related(Prefetch("touchpoints", queryset=touchpoints))
    )


def versions_for(organization: Organization) -> QuerySet[StandardsVersion]:
    return StandardsVersion.objects.filter(organization=organization).select_related("published_by")


def version_for(organization: Organization, number: int) -> StandardsVersion:
    return versions_for(organization).get(number=number)


def latest_version(organization: Organization) -> StandardsVersion | None:
    return versions_for(organization).order_by("-number").first()


def latest_unacknowledged_version(membership: Membership) -> StandardsVersion | None:
    """The newest version if this employee has not acknowledged it yet (one query)."""
    version = (
        StandardsVersion.objects.filter(organization_id=membership.organization_id)
        .order_by("-number")
        .annotate(
            acknowledged=Exists(
                Acknowledgement.objects.filter(membership=membership, version=OuterRef("pk"))
            )
        )
        .only("id", "number", "published_at")
        .first()
    )
    if version is None or version.acknowledged:
        return None
    return version


def acknowledgement_for(membership: Membership, version: StandardsVersion):
    return Acknowledgement.objects.filter(membership=membership, version=version).first()


def acknowledgement_coverage(organization: Organization, version: StandardsVersion) -> list[dict]:
    """Per location: staff, how many acknowledged the version, and who is missing.

    Counted in SQL; the missing names come from one more query.
    """
    staff = Membership.objects.filter(
        organization=organization, role=Role.STAFF, user__is_active=True
    )
    rows = list(
        staff.values("location_id", "location__name")
        .annotate(
            total=Count("id", distinct=True),
            acknowledged=Count("acknowledgements", filter=Q(acknowledgements__version=version)),
        )
        .order_by("location__name")
    )
    missing = (
        staff.filter(
            ~Exists(Acknowledgement.objects.filter(membership=OuterRef("pk"), version=version))
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    missing_by_location: dict[int | None, list[Membership]] = {}
    for membership in missing:
        missing_by_location.setdefault(membership.location_id, []).append(membership)
    for row in rows:
        row["missing"] = missing_by_location.get(row["location_id"], [])
        row["percent"] = round(100 * row["acknowledged"] / row["total"]) if row["total"] else 0
    return rows


def behaviour_history(organization: Organization, limit: int = 200):
    """The audit trail: who changed which behaviour when, newest first."""
    return (
        Behaviour.history.filter(moment__touchpoint__journey__organization=organization)
        .select_related("history_user", "moment__touchpoint")
        .order_by("-history_date", "-history_id")[:limit]
    )


def checklist(version: StandardsVersion) -> list[dict]:
    """A version as staff read it: per journey and touchpoint, the moments that matter,
    each with its iron and master behaviours."""
    result = []
    for journey in version.snapshot.get("journeys", []):
        touchpoints = []
        for touchpoint in journey["touchpoints"]:
            moments = []
            for moment in touchpoint["moments"]:
                if not (moment["is_critical"] or moment["behaviours"]):
                    continue
                moments.append(
                    {
                        **moment,
                        "iron": [
                            b for b in moment["behaviours"] if b["kind"] == BehaviourKind.IRON
                        ],
                        "master": [
                            b for b in moment["behaviours"] if b["kind"] == BehaviourKind.MASTER
                        ],
                    }
                )
            if moments:
                touchpoints.append({**touchpoint, "moments": moments})
        if touchpoints:
            result.append({**journey, "touchpoints": touchpoints})
    return result
