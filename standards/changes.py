"""What changed: a version's changelog as readers see it, and a behaviour's audit trail."""

from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from touchpoints.translation import BEHAVIOUR_FIELDS as BEHAVIOUR_TRANSLATED
from touchpoints.translation import language_name, translation_changes

from .choices import BehaviourKind
from .models import Behaviour

CHANGE_KEYS = ("added", "changed", "removed")


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


def behaviour_history(organization: Organization, limit: int = 200):
    """The audit trail: who changed which behaviour when, newest first."""
    return (
        Behaviour.history.filter(moment__touchpoint__journey__organization=organization)
        .select_related("history_user", "moment__touchpoint")
        .order_by("-history_date", "-history_id")[:limit]
    )


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
