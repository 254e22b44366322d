"""Permission-scoped reads of behaviours, versions and acknowledgements."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Organization
from common import mail
from touchpoints.choices import Channel
from touchpoints.models import Journey, Moment, Touchpoint
from touchpoints.translation import BEHAVIOUR_FIELDS as BEHAVIOUR_TRANSLATED
from touchpoints.translation import language_name, translation_changes

from . import scope
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


def behaviour_history(organization: Organization, limit: int = 200):
    """The audit trail: who changed which behaviour when, newest first."""
    return (
        Behaviour.history.filter(moment__touchpoint__journey__organization=organization)
        .select_related("history_user", "moment__touchpoint")
        .order_by("-history_date", "-history_id")[:limit]
    )


# How an item of the checklist changed in its version, as the badge staff read.
NEW, CHANGED, MOVED = "new", "changed", "moved"


def change_marks(changelog: dict) -> dict[tuple[str, int], str]:
    """(type, id) → NEW / CHANGED / MOVED for what a version added or changed, so the
    checklist marks it. A behaviour that only changed place is MOVED."""
    marks = {(entry["type"], entry["id"]): NEW for entry in changelog.get("added", [])}
    for entry in changelog.get("changed", []):
        fields = set(entry.get("fields") or ())
        marks[(entry["type"], entry["id"])] = MOVED if fields == {"position"} else CHANGED
    return marks


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


def changelog_of_journeys(changelog: dict, journey_ids: set[int] | None) -> dict:
    """The entries of a changelog about these journeys (all with None). Entries recorded
    before versions had a scope carry no journey and are kept."""
    if journey_ids is None:
        return changelog
    return {
        key: [
            entry
            for entry in changelog.get(key, [])
            if entry.get("journey_id") is None or entry["journey_id"] in journey_ids
        ]
        for key in CHANGE_KEYS
    }


def _channel_label(value: str | None) -> str:
    try:
        return Channel(value).label
    except ValueError:
        return value or ""


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


CHANGE_KEYS = ("added", "changed", "removed")


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


CHANGELOG_FIELD_LABELS = {
    "name": _("Name"),
    "is_critical": _("Moment of truth"),
    "customer_expectation": _("What the customer expects"),
    "kind": _("Tier"),
    "text": _("Behaviour"),
    "example": _("What it looks like"),
    "where": _("Where"),
    "moment": _("Moment"),
    "position": _("Place in the checklist"),
}


def _changelog_label(field: str) -> str:
    """A translated field, "text@ro" (see services._translation_diff), reads
    "Behaviour (Romanian)"."""
    field, _at, language = field.partition("@")
    label = CHANGELOG_FIELD_LABELS.get(field, field)
    if language:
        return _("%(field)s (%(language)s)") % {"field": label, "language": language_name(language)}
    return label


def _display_value(field: str, value) -> str:
    if value is None or value == "":
        return ""
    if field == "kind":
        try:
            return str(BehaviourKind(value).label)
        except ValueError:
            return str(value)
    if field == "is_critical":
        return str(_("yes") if value else _("no"))
    return str(value)


def changelog_for_display(changelog: dict) -> dict:
    """A changelog (as stored on a version or from `pending_changes`) ready for templates:
    per section a list of entries, changed fields with translated labels and values."""
    sections = {}
    for key in CHANGE_KEYS:
        entries = []
        for entry in changelog.get(key, []):
            entries.append(
                {
                    **entry,
                    "kind_label": _display_value("kind", entry.get("kind")),
                    "fields": [
                        {
                            "name": field,
                            "label": _changelog_label(field),
                            "before": _display_value(field, before),
                            "after": _display_value(field, after),
                        }
                        for field, (before, after) in (entry.get("fields") or {}).items()
                    ],
                }
            )
        sections[key] = entries
    sections["total"] = sum(len(sections[key]) for key in CHANGE_KEYS)
    return sections


# What the audit trail compares between consecutive records of one behaviour.
HISTORY_FIELDS = ("kind", "text", "example", "moment", "retired_at", "translations")
# history_type → (what happened, tag class)
HISTORY_ACTIONS = {
    "+": (_("added"), "added"),
    "~": (_("edited"), "changed"),
    "-": (_("deleted"), "removed"),
}


HISTORY_LIMIT = 200


def behaviour_history_entries(organization: Organization, limit: int = HISTORY_LIMIT) -> list[dict]:
    """The audit trail with, for each edit, what changed against the behaviour's previous
    record. Two queries whatever the length: `prev_record` per row would be one each."""
    records = list(behaviour_history(organization, limit))
    if not records:
        return []
    earlier = (
        Behaviour.history.filter(
            id__in={record.id for record in records},
            history_date__lte=records[0].history_date,
            moment__touchpoint__journey__organization=organization,
        )
        .select_related("moment")
        .order_by("id", "history_date", "history_id")
    )
    previous, last_by_behaviour = {}, {}
    for record in earlier:
        before = last_by_behaviour.get(record.id)
        if before is not None:
            previous[record.history_id] = before
        last_by_behaviour[record.id] = record
    return [_history_entry(record, previous.get(record.history_id)) for record in records]


def _history_entry(record, before) -> dict:
    action, tag = HISTORY_ACTIONS[record.history_type]
    changes = []
    if record.history_type == "~" and before is not None:
        delta = record.diff_against(before, included_fields=HISTORY_FIELDS)
        for change in delta.changes:
            if change.field == "retired_at":
                if change.old is None:
                    action, tag = _("removed"), "removed"
                else:
                    action, tag = _("restored"), "added"
                continue
            if change.field == "translations":
                # One line per language and field, labelled as in the changelog.
                for key, (old, new) in translation_changes(
                    change.old, change.new, BEHAVIOUR_TRANSLATED
                ).items():
                    changes.append({"label": _changelog_label(key), "before": old, "after": new})
                continue
            if change.field == "moment":
                old, new = before.moment.name, record.moment.name
            else:
                old = _display_value(change.field, change.old)
                new = _display_value(change.field, change.new)
            changes.append(
                {"label": CHANGELOG_FIELD_LABELS[change.field], "before": old, "after": new}
            )
    user = record.history_user
    return {
        "record": record,
        "action": action,
        "tag": tag,
        "who": (user.get_full_name() or user.get_username()) if user else "",
        "changes": changes,
    }


def notices_waiting_count() -> int:
    """Staff notices of every organization still to be sent (for monitoring)."""
    return StaffNotice.objects.filter(status=mail.PENDING).count()
