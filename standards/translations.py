"""Translating an organization's standards: what is missing, and the translation sheet.

The content and how it is read live in touchpoints.translation; this module spans
moments, behaviours and priceless notes, so it sits on the standards floor.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Organization
from touchpoints.models import Journey, Moment, PricelessNote, Touchpoint
from touchpoints.translation import (
    BEHAVIOUR_FIELDS,
    MOMENT_FIELDS,
    PRICELESS_FIELDS,
    is_translated,
    language_name,
    merge_translations,
)

from .models import Behaviour

# (the fields translated, the one every item must have translated)
KINDS = {
    "moment": (MOMENT_FIELDS, "name"),
    "behaviour": (BEHAVIOUR_FIELDS, "text"),
    "note": (PRICELESS_FIELDS, "text"),
}


def _missing(language: str, fields: tuple[str, ...], main: str) -> Q:
    """Rows of which a field with an original has no translation into `language`
    (empty translations are never stored: see merge_translations)."""
    # Without the language at all, PostgreSQL's `translations -> 'ro' ? 'text'` is NULL,
    # which NOT cannot turn into true: the language's absence is tested on its own.
    absent = ~Q(translations__has_key=language)
    condition = absent | ~Q(**{f"translations__{language}__has_key": main})
    for name in fields:
        if name != main:
            condition |= ~Q(**{name: ""}) & (
                absent | ~Q(**{f"translations__{language}__has_key": name})
            )
    return condition


def _rows(organization: Organization, kind: str) -> QuerySet:
    if kind == "moment":
        return Moment.objects.filter(touchpoint__journey__organization=organization)
    if kind == "behaviour":
        return Behaviour.objects.active().filter(
            moment__touchpoint__journey__organization=organization
        )
    return PricelessNote.objects.filter(journey__organization=organization)


JOURNEY_PATH = {
    "moment": "touchpoint__journey",
    "behaviour": "moment__touchpoint__journey",
    "note": "journey",
}


@dataclass
class Missing:
    """What is not yet translated into one language, in total and per journey."""

    language: str
    name: str
    moments: int = 0
    behaviours: int = 0
    notes: int = 0
    # journey id → {"moment": n, "behaviour": n, "note": n}
    by_journey: dict[int, dict[str, int]] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.moments + self.behaviours + self.notes


def missing_translations(organization: Organization) -> list[Missing]:
    """Per translation language of the organization, the untranslated moments,
    behaviours and notes: counted in SQL, one query per kind whatever the languages."""
    languages = organization.translation_languages
    result = [Missing(language=code, name=language_name(code)) for code in languages]
    if not languages:
        return result
    for kind, (fields, main) in KINDS.items():
        path = JOURNEY_PATH[kind]
        rows = (
            _rows(organization, kind)
            .order_by()
            .values(path)
            .annotate(
                **{
                    f"missing_{code}": Count("pk", filter=_missing(code, fields, main))
                    for code in languages
                }
            )
        )
        for row in rows:
            for missing in result:
                n = row[f"missing_{missing.language}"]
                counts = missing.by_journey.setdefault(
                    row[path], {"moment": 0, "behaviour": 0, "note": 0}
                )
                counts[kind] += n
                setattr(missing, f"{kind}s", getattr(missing, f"{kind}s") + n)
    return result


def check_language(organization: Organization, language: str) -> str:
    if language not in organization.translation_languages:
        raise ValidationError(
            _("This organization does not translate its standards into that language.")
        )
    return language


@dataclass
class SheetItem:
    """One moment, behaviour or note on the sheet, with the form fields that translate it."""

    kind: str
    obj: Model
    fields: list[str]
    translated: bool


def journey_for_translation(organization: Organization, pk: int) -> Journey:
    """A journey with its touchpoints, moments, active behaviours and notes (five queries)."""
    behaviours = Behaviour.objects.active().order_by("kind", "order", "id")
    moments = Moment.objects.order_by("order", "id").prefetch_related(
        Prefetch("behaviours", queryset=behaviours, to_attr="active_behaviours")
    )
    touchpoints = Touchpoint.objects.order_by("order", "id").prefetch_related(
        Prefetch("moments", queryset=moments)
    )
    return (
        Journey.objects.filter(organization=organization)
        .prefetch_related(Prefetch("touchpoints", queryset=touchpoints), "priceless_notes")
        .get(pk=pk)
    )


def sheet_items(journey: Journey, language: str) -> dict:
    """The journey as the translation sheet shows it: its touchpoints, each with its
    moments and their active behaviours, then the priceless notes. The journey comes
    from `journey_for_translation` (everything prefetched)."""
    touchpoints = []
    for touchpoint in journey.touchpoints.all():
        moments = []
        for moment in touchpoint.moments.all():
            moments.append(
                {
                    "item": _item("moment", moment, language),
                    "behaviours": [
                        _item("behaviour", behaviour, language)
                        for behaviour in moment.active_behaviours
                    ],
                }
            )
        touchpoints.append({"touchpoint": touchpoint, "moments": moments})
    notes = [_item("note", note, language) for note in journey.priceless_notes.all()]
    return {"touchpoints": touchpoints, "notes": notes}


def _item(kind: str, obj: Model, language: str) -> SheetItem:
    fields, _main = KINDS[kind]
    # Only the fields with an original: an empty example has nothing to translate.
    present = [name for name in fields if getattr(obj, name)]
    return SheetItem(kind, obj, present, is_translated(obj, fields, language))


def field_key(kind: str, pk: int, name: str) -> str:
    """The sheet's form field for one field of one item, e.g. "behaviour-12-text"."""
    return f"{kind}-{pk}-{name}"


@transaction.atomic
def save_translations(
    *, organization: Organization, journey: Journey, language: str, values: dict[str, str]
) -> int:
    """Store the sheet's translations into `language` of the journey's moments,
    behaviours and notes (`values` keyed by `field_key`). A row is written only if its
    translation changed, with its history record; returns how many rows changed.
    An emptied field is removed and falls back to the original."""
    check_language(organization, language)
    if journey.organization_id != organization.pk:
        raise ValidationError(_("This journey belongs to another organization."))
    changed = 0
    for kind, (fields, _main) in KINDS.items():
        rows = _rows(organization, kind).filter(**{JOURNEY_PATH[kind]: journey})
        for obj in rows.select_for_update(of=("self",)):
            posted = {
                name: values[field_key(kind, obj.pk, name)]
                for name in fields
                if field_key(kind, obj.pk, name) in values
            }
            if not posted:
                continue
            kept = (obj.translations or {}).get(language, {})
            merged = merge_translations(obj.translations, language, {**kept, **posted})
            if merged != (obj.translations or {}):
                obj.translations = merged
                obj.save(update_fields=["translations"])
                changed += 1
    return changed
