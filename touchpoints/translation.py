"""Standards content in the reader's language: moments, behaviours and priceless notes.

Managers write the content once, in the organization's original language
(`Organization.content_language`), and may translate it into the other languages the
organization chose (`Organization.content_languages`). Readers (the checklist, staff
pages, the review sheet, the survey's context line) get their active language, falling
back, field by field, to the original where no translation was written.

Why a JSONField `translations` on each row ({"ro": {"text": "…", "example": "…"}})
rather than a translation table:
- the row brings its translations in the query that reads it: the checklist, the review
  sheet and the API add no query per language, so the pinned query counts hold;
- a published version freezes plain data: the translations are copied into the
  snapshot as they are, and the version shows them as they were at publication;
- django-simple-history records the translations with the row, so the audit trail
  shows who changed a translation and when;
- the languages are few (settings.LANGUAGES) and nothing joins across translations; the
  one aggregate ("3 behaviours not yet translated into Romanian") is a JSON key test
  counted in SQL (standards.translations).

This module imports only Django: every floor above touchpoints (standards, reviews,
surveys) reads through `translated`, and templates through the `translated` filter.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import translation

# The fields that are translated, by model name (snapshot dicts carry the same keys).
MOMENT_FIELDS = ("name", "customer_expectation", "customer_feeling")
BEHAVIOUR_FIELDS = ("text", "example")
PRICELESS_FIELDS = ("text",)
# The field without which an item counts as not translated; the others count only
# where the original has them (an empty example needs no translation).
MAIN_FIELD = {"moment": "name", "behaviour": "text", "pricelessnote": "text"}


def reader_language(language: str | None = None) -> str:
    """The language content is read in: the one asked for, else the request's."""
    code = language or translation.get_language() or settings.LANGUAGE_CODE
    return code.split("-")[0].lower()


def _parts(obj: Any, field: str) -> tuple[str, Mapping]:
    if isinstance(obj, Mapping):
        return obj.get(field) or "", obj.get("translations") or {}
    return getattr(obj, field, "") or "", getattr(obj, "translations", None) or {}


def translated(obj: Any, field: str, language: str | None = None) -> str:
    """`field` of a moment, behaviour or priceless note (a model row or a snapshot
    dict) in `language` (default: the active one), or the original when that language
    has no translation of it."""
    original, translations = _parts(obj, field)
    value = (translations.get(reader_language(language)) or {}).get(field)
    return value if value else original


def has_translation(obj: Any, field: str, language: str) -> bool:
    """Whether `field` is translated into `language` (or needs no translation: the
    original is empty)."""
    original, translations = _parts(obj, field)
    return not original or bool((translations.get(language) or {}).get(field))


def is_translated(obj: Any, fields: tuple[str, ...], language: str) -> bool:
    """Every field with an original has a translation into `language`."""
    return all(has_translation(obj, field, language) for field in fields)


def merge_translations(
    current: Mapping | None, language: str, values: Mapping[str, str]
) -> dict[str, dict[str, str]]:
    """`current` with `language`'s fields replaced by `values`: whitespace trimmed,
    empty fields dropped (they fall back to the original), a language with no field left
    dropped, other languages kept as they are."""
    result = {code: dict(fields) for code, fields in (current or {}).items()}
    cleaned = {field: value.strip() for field, value in values.items() if (value or "").strip()}
    if cleaned:
        result[language] = cleaned
    else:
        result.pop(language, None)
    # A field translated anew is no longer outdated.
    outdated = {code: dict(fields) for code, fields in (result.pop(OUTDATED, None) or {}).items()}
    for field in cleaned:
        outdated.get(language, {}).pop(field, None)
    outdated = {code: fields for code, fields in outdated.items() if fields}
    if outdated:
        result[OUTDATED] = outdated
    return result


# Translations whose original changed since, by language and field: kept only as a hint
# for the translator, never shown to readers (see outdate_translations).
OUTDATED = "_outdated"


def outdate_translations(obj: Any, fields: list[str] | tuple[str, ...]) -> None:
    """The originals of `fields` changed, so their translations no longer say the same
    thing: readers get the new original instead, the Translations page counts them as
    not translated, and the sheet shows the old translation as a hint. Sets
    `obj.translations`; the caller saves."""
    current = obj.translations or {}
    if not fields or not current:
        return
    outdated = {code: dict(values) for code, values in (current.get(OUTDATED) or {}).items()}
    result = {}
    for language, values in current.items():
        if language == OUTDATED:
            continue
        kept = {}
        for field, value in values.items():
            if field in fields:
                outdated.setdefault(language, {})[field] = value
            else:
                kept[field] = value
        if kept:
            result[language] = kept
    if outdated:
        result[OUTDATED] = outdated
    obj.translations = result


def outdated_translation(obj: Any, field: str, language: str) -> str:
    """The translation set aside when `field`'s original changed, or ""."""
    _original, translations = _parts(obj, field)
    return ((translations.get(OUTDATED) or {}).get(language) or {}).get(field, "")


def current_translations(obj: Any) -> dict:
    """The translations readers get (without the outdated ones): what a version freezes."""
    return {
        code: dict(values)
        for code, values in (obj.translations or {}).items()
        if not code.startswith("_")
    }


def language_name(code: str) -> str:
    """The language's name as settings.LANGUAGES spells it, in the active language."""
    return str(dict(settings.LANGUAGES).get(code, code))


def apply_translations(obj: Any, translations: Mapping[str, Mapping[str, str]]) -> None:
    """Write `translations` into a moment, behaviour or note, in the caller's
    transaction: per language, the fields given replace the stored ones, an empty one
    removes that translation (readers then see the original), fields not given are kept."""
    current = obj.translations or {}
    result = current
    for language, values in translations.items():
        result = merge_translations(result, language, {**(result.get(language) or {}), **values})
    if result != current:
        obj.translations = result
        obj.save(update_fields=["translations"])


def translation_changes(
    before: Mapping | None, after: Mapping | None, fields: tuple[str, ...]
) -> dict[str, list[str]]:
    """What differs between two `translations` values, as `{"text@ro": [before, after]}`
    (a missing translation is ""): the changelog of a version and the audit trail of a
    behaviour both say which field changed in which language."""
    old, new = before or {}, after or {}
    diff = {}
    for language in sorted(old.keys() | new.keys()):
        if language.startswith("_"):
            continue
        for field in fields:
            was = (old.get(language) or {}).get(field, "")
            now = (new.get(language) or {}).get(field, "")
            if was != now:
                diff[f"{field}@{language}"] = [was, now]
    return diff
