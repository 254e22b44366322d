"""Permission-scoped reads of behaviours, versions and acknowledgements."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.models import Membership, Organization
from common import mail
from touchpoints.models import Journey, Moment, Touchpoint

from . import scope
from .changes import CHANGE_KEYS
from .choices import BehaviourKind
from .models import Acknowledgement, Behaviour, StaffNotice, StandardsVersion


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


def notices_of(version: StandardsVersion) -> QuerySet[StaffNotice]:
    """The version's e-mails to staff, one per recipient, with who they are (one query)."""
    return version.notices.select_related("membership__user").order_by(
        "membership__user__last_name", "membership__user__first_name", "pk"
    )


def latest_version(organization: Organization) -> StandardsVersion | None:
    return versions_for(organization).order_by("-number").first()


def latest_unacknowledged_version(membership: Membership) -> StandardsVersion | None:
    """The newest version this employee is asked to acknowledge and has not: the current
    version of a journey that applies to them (see scope). One query: it is the banner
    on every staff page."""
    journeys = Journey.objects.filter(organization_id=membership.organization_id).filter(
        scope.applies_at(membership.location_id)
    )
    return (
        StandardsVersion.objects.filter(organization_id=membership.organization_id)
        .filter(scope.current_version_filter(journeys))
        .filter(
            ~Exists(Acknowledgement.objects.filter(membership=membership, version=OuterRef("pk")))
        )
        .order_by("-number")
        .only("id", "number", "published_at", "all_journeys", "journey_name")
        .first()
    )


def current_version_for_journey(organization_id: int, journey_id) -> StandardsVersion | None:
    """The version staff work from for one journey (its own newest, or the newest of all
    journeys if later), e.g. the standards a review of a moment on it was scored against.
    `journey_id` may also be a subquery of journey ids (a review of several journeys).
    One query, without the snapshot."""
    journeys = (
        Q(journey_id__in=journey_id)
        if isinstance(journey_id, QuerySet)
        else Q(journey_id=journey_id)
    )
    return (
        StandardsVersion.objects.filter(organization_id=organization_id)
        .filter(Q(all_journeys=True) | journeys)
        .order_by("-number")
        .defer("snapshot", "changelog")
        .first()
    )


def acknowledgement_for(membership: Membership, version: StandardsVersion):
    return Acknowledgement.objects.filter(membership=membership, version=version).first()


def acknowledgement_coverage(
    organization: Organization, version: StandardsVersion, staff: QuerySet[Membership] | None = None
) -> list[dict]:
    """Per location: staff asked to acknowledge the version (`staff`, by default its
    scope), how many did, and who is missing.

    Counted in SQL; the missing names come from one more query.
    """
    if staff is None:
        staff = scope.staff_in_scope(version)
    staff = staff.filter(organization=organization)
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


def latest_version_number(organization: Organization) -> int | None:
    """The current version's number, without loading its snapshot."""
    return versions_for(organization).order_by("-number").values_list("number", flat=True).first()


def coverage_totals(rows: list[dict]) -> dict:
    """The organization-wide line under `acknowledgement_coverage`'s per-location rows."""
    total = sum(row["total"] for row in rows)
    acknowledged = sum(row["acknowledged"] for row in rows)
    return {
        "total": total,
        "acknowledged": acknowledged,
        "percent": round(100 * acknowledged / total) if total else 0,
    }


def moment_page(organization: Organization, pk: int) -> Moment:
    """`moment_with_behaviours`, its active behaviours split into `.iron` and `.master`."""
    moment = moment_with_behaviours(organization, pk)
    moment.iron = [b for b in moment.active_behaviours if b.kind == BehaviourKind.IRON]
    moment.master = [b for b in moment.active_behaviours if b.kind == BehaviourKind.MASTER]
    return moment


def versions_overview(
    organization: Organization, membership: Membership | None = None
) -> list[StandardsVersion]:
    """Versions newest first with `counts` of added/changed/removed, the number of
    acknowledgements, `is_current` (staff work from it for some journey) and, for an
    employee, only the versions for their journeys and whether they acknowledged each
    one (two queries)."""
    journeys = scope.journeys_with_current_number(organization, membership)
    current = {journey.current_number for journey in journeys}
    versions = (
        versions_for(organization)
        .defer("snapshot")
        .annotate(acknowledgement_count=Count("acknowledgements"))
        .order_by("-number")
    )
    if membership is not None:
        versions = versions.filter(
            Q(all_journeys=True) | Q(journey_id__in=[journey.pk for journey in journeys])
        ).annotate(
            acknowledged_by_me=Exists(
                Acknowledgement.objects.filter(membership=membership, version=OuterRef("pk"))
            )
        )
    result = list(versions)
    for version in result:
        version.counts = {key: len(version.changelog.get(key, [])) for key in CHANGE_KEYS}
        version.is_current = version.number in current
    return result


def coverage_of_current_versions(organization: Organization) -> list[StandardsVersion]:
    """For each version staff work from (newest first), `rows` per location and `totals`
    of the staff it is asked of: those to whom one of the journeys it is current for
    applies."""
    versions = scope.current_versions(organization)
    for version in versions:
        staff = scope.staff_in_scope(version, [journey.pk for journey in version.current_for])
        version.rows = acknowledgement_coverage(organization, version, staff)
        version.totals = coverage_totals(version.rows)
    return versions


def notices_waiting_count() -> int:
    """Staff notices of every organization still to be sent (for monitoring)."""
    return StaffNotice.objects.filter(status=mail.PENDING).count()
