"""What staff read: a version as a checklist of the moments that matter, "My standards",
and a version's page, each marking what is new or changed."""

from accounts.models import Membership, Organization
from touchpoints.choices import Channel

from . import scope
from .changes import change_marks, changelog_for_display, changelog_of_journeys
from .choices import BehaviourKind
from .models import Acknowledgement, StandardsVersion


def checklist(
    version: StandardsVersion,
    journey_ids: set[int] | None = None,
    marks: dict[tuple[str, int], str] | None = None,
) -> list[dict]:
    """A version as staff read it: per journey (those in `journey_ids`, if given) the
    moments that matter, each with its iron and master behaviours and, with `marks`
    (see `change_marks`), what is new or changed in the version.

    Each journey has its `touchpoints` in order and the same moments split for reading
    on a phone: `moments_of_truth` first, then `other_moments`."""
    marks = marks or {}
    result = []
    for journey in version.snapshot.get("journeys", []):
        if journey_ids is not None and journey["id"] not in journey_ids:
            continue
        touchpoints, critical, other = [], [], []
        for touchpoint in journey["touchpoints"]:
            channel_label = _channel_label(touchpoint.get("channel"))
            moments = []
            for moment in touchpoint["moments"]:
                if not (moment["is_critical"] or moment["behaviours"]):
                    continue
                behaviours = [
                    {**b, "change": marks.get(("behaviour", b["id"]))} for b in moment["behaviours"]
                ]
                item = {
                    **moment,
                    "touchpoint_name": touchpoint["name"],
                    "channel_label": channel_label,
                    "change": marks.get(("moment", moment["id"])),
                    "changes_inside": sum(1 for b in behaviours if b["change"]),
                    "iron": [b for b in behaviours if b["kind"] == BehaviourKind.IRON],
                    "master": [b for b in behaviours if b["kind"] == BehaviourKind.MASTER],
                }
                moments.append(item)
                (critical if moment["is_critical"] else other).append(item)
            if moments:
                touchpoints.append(
                    {**touchpoint, "channel_label": channel_label, "moments": moments}
                )
        if touchpoints:
            result.append(
                {
                    **journey,
                    "touchpoints": touchpoints,
                    "moments_of_truth": critical,
                    "other_moments": other,
                }
            )
    return result


def _channel_label(value: str | None) -> str:
    try:
        return Channel(value).label
    except ValueError:
        return value or ""


def _prepare_reading(
    version: StandardsVersion, journeys: list, journey_ids: set[int] | None
) -> None:
    """`changes` (of `journey_ids`, all with None), `is_first` (nothing covering
    `journeys` came before: everything is new) and `marks` for a version being read."""
    version.is_first = scope.is_first_for(version, journeys)
    version.marks = {} if version.is_first else change_marks(version.changelog)
    version.changes = changelog_for_display(changelog_of_journeys(version.changelog, journey_ids))


def standards_to_read(organization: Organization, membership: Membership) -> dict:
    """ "My standards": the versions a staff member works from (for everyone else, every
    journey's), each with what changed in the journeys it is current for and the
    employee's acknowledgement, then one checklist in journey order.

    Returns {"versions": [...], "pending": [...], "checklist": [...]}; a version of
    all journeys reads only the journeys that apply to the employee."""
    staff = membership if membership.is_staff_member else None
    versions = scope.current_versions(organization, staff, snapshot=True)
    acknowledgements = {}
    if staff is not None and versions:
        acknowledgements = {
            a.version_id: a
            for a in Acknowledgement.objects.filter(
                membership=membership, version__in=[v.pk for v in versions]
            )
        }
    journeys = []
    for version in versions:
        ids = {journey.pk for journey in version.current_for}
        _prepare_reading(version, version.current_for, ids)
        version.acknowledgement = acknowledgements.get(version.pk)
        journeys.extend((journey, version) for journey in version.current_for)
    journeys.sort(key=lambda pair: (pair[0].order, pair[0].pk))
    items = []
    for journey, version in journeys:
        for part in checklist(version, {journey.pk}, version.marks):
            items.append({**part, "version": version})
    return {
        "versions": versions,
        "pending": [v for v in versions if v.acknowledgement is None],
        "checklist": items,
    }


def version_reading(version: StandardsVersion, membership: Membership) -> dict:
    """A version's page: for staff only the journeys it covers that apply to them, and
    whether they are asked to acknowledge it (it is current for one of them); for
    everyone else all of it. `current_number`: the newest version covering the same
    journeys, to point readers of an older one to it."""
    staff = membership if membership.is_staff_member else None

    def covered_of(journeys):
        return [j for j in journeys if version.all_journeys or j.pk == version.journey_id]

    covered = covered_of(scope.journeys_with_current_number(version.organization_id, staff))
    applies = staff is None or bool(covered)
    # Staff read the journeys that apply to them; a version for none of theirs, all of it.
    journey_ids = {journey.pk for journey in covered} if staff is not None and covered else None
    if not applies:
        covered = covered_of(scope.journeys_with_current_number(version.organization_id))
    _prepare_reading(version, covered, journey_ids)
    current_numbers = {journey.current_number for journey in covered if journey.current_number}
    return {
        "journey_ids": journey_ids,
        "applies": applies,
        "is_current": applies and version.number in current_numbers,
        "current_number": max(current_numbers, default=None),
        "checklist": checklist(version, journey_ids, version.marks),
    }
