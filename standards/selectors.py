"""Permission-scoped reads of behaviours, versions and acknowledgements."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import Membership, Organization
from common import mail
from touchpoints.choices import Channel
from touchpoints.models import Journey, Moment, Touchpoint
from touchpoints.translation import language_name

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
                touchpoints.append(
                    {
                        **touchpoint,
                        "channel_label": _channel_label(touchpoint.get("channel")),
                        "moments": moments,
                    }
                )
        if touchpoints:
            result.append({**journey, "touchpoints": touchpoints})
    return result


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
    acknowledgements and, for an employee, whether they acknowledged each one (one query)."""
    versions = (
        versions_for(organization)
        .defer("snapshot")
        .annotate(acknowledgement_count=Count("acknowledgements"))
        .order_by("-number")
    )
    if membership is not None:
        versions = versions.annotate(
            acknowledged_by_me=Exists(
                Acknowledgement.objects.filter(membership=membership, version=OuterRef("pk"))
            )
        )
    result = list(versions)
    for version in result:
        version.counts = {key: len(version.changelog.get(key, [])) for key in CHANGE_KEYS}
    return result


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
    """A translated field, "text@ro" (see services._translation_diff), reads "Behaviour (Romanian)"."""
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
HISTORY_FIELDS = ("kind", "text", "example", "moment", "retired_at")
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
