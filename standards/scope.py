"""Who a published version is for, and which version each journey's staff work from.

A version covers one journey or, explicitly, all of them. A journey applies at the
locations it lists, or at every location when it lists none. For each journey, the
*current* version is the newest one covering it (its own, or one of all journeys). A staff
member is asked to acknowledge a version when it is the current version of a journey
that applies at their location, and the coverage page counts exactly those staff.

Kept apart from selectors.py because the services (whom to notify at publication) and
the selectors (pages, the banner, coverage) read the same rules.
"""

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from accounts.choices import Role
from accounts.models import Membership, Organization
from touchpoints.models import Journey

from .models import StandardsVersion

JourneyLocation = Journey.locations.through


def applies_at(location_id: int | None) -> Q:
    """A filter on journeys: those that apply at the location (a journey without
    locations applies everywhere). Staff without a location work on those only."""
    everywhere = ~Exists(JourneyLocation.objects.filter(journey_id=OuterRef("pk")))
    if location_id is None:
        return Q(everywhere)
    here = Exists(
        JourneyLocation.objects.filter(journey_id=OuterRef("pk"), location_id=location_id)
    )
    return Q(everywhere) | Q(here)


def journeys_with_current_number(
    organization: Organization | int, membership: Membership | None = None
) -> list[Journey]:
    """The organization's journeys in order (those applying to the membership, if given),
    each with `current_number`: the number of the version staff work from, or None if
    nothing covering it was published. One query."""
    own = StandardsVersion.objects.filter(journey=OuterRef("pk"), all_journeys=False)
    every = StandardsVersion.objects.filter(
        organization=OuterRef("organization"), all_journeys=True
    )
    journeys = Journey.objects.filter(organization=organization)
    if membership is not None:
        journeys = journeys.filter(applies_at(membership.location_id))
    journeys = (
        journeys.annotate(
            own_number=Subquery(own.order_by("-number").values("number")[:1]),
            all_number=Subquery(every.order_by("-number").values("number")[:1]),
            # The first ones too: a version first for all its journeys is read whole.
            own_first=Subquery(own.order_by("number").values("number")[:1]),
            all_first=Subquery(every.order_by("number").values("number")[:1]),
        )
        .only("id", "name", "order", "organization_id")
        .order_by("order", "id")
    )
    result = list(journeys)
    for journey in result:
        numbers = [n for n in (journey.own_number, journey.all_number) if n is not None]
        journey.current_number = max(numbers, default=None)
        firsts = [n for n in (journey.own_first, journey.all_first) if n is not None]
        journey.first_number = min(firsts, default=None)
    return result


def is_first_for(version: StandardsVersion, journeys: Iterable[Journey]) -> bool:
    """Nothing covering these journeys (from `journeys_with_current_number`) was
    published before the version: everything in it is new."""
    return all(journey.first_number in (None, version.number) for journey in journeys)


def current_version_filter(journeys: QuerySet[Journey]) -> Q:
    """A filter on versions: the current version of one of `journeys` (a queryset of
    the version's organization's journeys). No newer version covers that journey."""
    newer = StandardsVersion.objects.filter(
        organization_id=OuterRef("organization_id"), number__gt=OuterRef(OuterRef("number"))
    ).filter(Q(all_journeys=True) | Q(journey_id=OuterRef("pk")))
    current = journeys.filter(~Exists(newer))
    return Q(Exists(current), all_journeys=True) | Q(
        Exists(current.filter(pk=OuterRef("journey_id"))), all_journeys=False
    )


def current_versions(
    organization: Organization, membership: Membership | None = None, *, snapshot: bool = False
) -> list[StandardsVersion]:
    """The versions staff work from, newest first, each with `current_for`: the journeys
    (applying to the membership, if given) it is the current version of. Two queries."""
    journeys = journeys_with_current_number(organization, membership)
    numbers = {journey.current_number for journey in journeys if journey.current_number}
    if not numbers:
        return []
    versions = (
        StandardsVersion.objects.filter(organization=organization, number__in=numbers)
        .select_related("published_by")
        .order_by("-number")
    )
    if not snapshot:
        versions = versions.defer("snapshot")
    result = list(versions)
    for version in result:
        version.current_for = [j for j in journeys if j.current_number == version.number]
    return result


def active_staff(organization_id: int) -> QuerySet[Membership]:
    return Membership.objects.filter(
        organization_id=organization_id, role=Role.STAFF, user__is_active=True
    )


def staff_for_journeys(organization_id: int, journey_ids: Iterable[int]) -> QuerySet[Membership]:
    """Active staff to whom at least one of the journeys applies (one query to read the
    journeys' locations; the staff stay a lazy queryset for counting in SQL)."""
    journey_ids = set(journey_ids)
    if not journey_ids:
        return active_staff(organization_id).none()
    located: dict[int, set[int]] = {}
    for journey_id, location_id in JourneyLocation.objects.filter(
        journey_id__in=journey_ids
    ).values_list("journey_id", "location_id"):
        located.setdefault(journey_id, set()).add(location_id)
    if journey_ids - located.keys():  # one of them applies everywhere
        return active_staff(organization_id)
    return active_staff(organization_id).filter(location_id__in=set().union(*located.values()))


def version_journey_ids(version: StandardsVersion) -> list[int]:
    """The journeys a version covers today: its own (none once deleted), or every one."""
    if not version.all_journeys:
        return [version.journey_id] if version.journey_id else []
    return list(
        Journey.objects.filter(organization_id=version.organization_id).values_list("pk", flat=True)
    )


def staff_in_scope(version: StandardsVersion, journey_ids: Iterable[int] | None = None):
    """The staff asked to acknowledge a version: those to whom one of its journeys applies
    (`journey_ids`, by default every journey it covers)."""
    if journey_ids is None:
        journey_ids = version_journey_ids(version)
    return staff_for_journeys(version.organization_id, journey_ids)


def applies_to(version: StandardsVersion, membership: Membership) -> bool:
    """Whether the version covers a journey that applies to this staff member."""
    journey_ids = version_journey_ids(version)
    return (
        bool(journey_ids)
        and Journey.objects.filter(pk__in=journey_ids)
        .filter(applies_at(membership.location_id))
        .exists()
    )


def current_published_at(organization_id: int, journey_ids: Iterable[int]) -> dict[int, object]:
    """When each journey's current version (as above: its own newest, or the newest of all
    journeys) was published, {journey id: datetime or None}. One query."""
    own = StandardsVersion.objects.filter(journey=OuterRef("pk"), all_journeys=False)
    every = StandardsVersion.objects.filter(
        organization=OuterRef("organization"), all_journeys=True
    )
    rows = (
        Journey.objects.filter(organization_id=organization_id, pk__in=set(journey_ids))
        .annotate(
            own_at=Subquery(own.order_by("-number").values("published_at")[:1]),
            all_at=Subquery(every.order_by("-number").values("published_at")[:1]),
        )
        .values_list("pk", "own_at", "all_at")
    )
    return {pk: max((at for at in (mine, shared) if at), default=None) for pk, mine, shared in rows}
