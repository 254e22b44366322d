"""Translations: complete catalogs, and pages that really render in Polish, Russian, Romanian.

The catalog checks read the .po files with a tiny parser (no polib in the project) and the
compiled .mo files with the standard library, so a string someone adds without translating
it, a fuzzy entry left behind, a lost placeholder or a forgotten `compilemessages` all fail
here with the message to look at.
"""

import gettext
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ["pl", "ru", "ro"]
ENTRY_KEY = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"\s*$')
PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_]+\))?[sd%]")


def _unquote(text: str) -> str:
    # PO strings use C escapes (\n, \t, \", \\); as a JSON string they read the same.
    return json.loads(f'"{text}"')


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file as dicts: msgid, msgid_plural, msgctxt, msgstr or msgstr[n],
    flags and line. Obsolete (#~) entries are left out; the header is the entry with an
    empty msgid."""
    entries, current, key = [], {}, None

    def flush():
        nonlocal current, key
        if "msgid" in current:
            entries.append(current)
        current, key = {}, None

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            flush()
        elif line.startswith("#~"):
            continue
        elif line.startswith("#,"):
            if "msgid" in current:
                flush()
            current.setdefault("flags", set()).update(
                flag.strip() for flag in line[2:].split(",") if flag.strip()
            )
        elif line.startswith("#"):
            if "msgid" in current:
                flush()
        elif match := ENTRY_KEY.match(line):
            key = match.group(1)
            if key in ("msgctxt", "msgid") and "msgid" in current:
                flush()
                key = match.group(1)
            current.setdefault("line", number)
            current[key] = _unquote(match.group(2))
        elif line.startswith('"') and key:
            current[key] += _unquote(line.strip()[1:-1])
        else:
            raise AssertionError(f"{path}:{number}: cannot parse {line!r}")
    flush()
    for entry in entries:
        entry.setdefault("flags", set())
    return entries


def _po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def _split(language: str) -> tuple[dict, list[dict]]:
    entries = parse_po(_po_path(language))
    headers = [entry for entry in entries if entry["msgid"] == "" and "msgctxt" not in entry]
    assert len(headers) == 1, f"{language}: expected one header entry"
    return headers[0], [entry for entry in entries if entry is not headers[0]]


def _where(language: str, entry: dict) -> str:
    return f"{_po_path(language).relative_to(settings.BASE_DIR)}:{entry['line']} {entry['msgid']!r}"


def _translations(entry: dict) -> list[str]:
    if "msgid_plural" in entry:
        return [value for key, value in sorted(entry.items()) if key.startswith("msgstr[")]
    return [entry.get("msgstr", "")]


# --- the catalogs ------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_header_is_final_with_three_plural_forms(language):
    header, _ = _split(language)
    assert "fuzzy" not in header["flags"], f"{language}: the header is still marked fuzzy"
    meta = dict(line.split(": ", 1) for line in header["msgstr"].splitlines() if ": " in line)
    assert meta.get("Language") == language
    assert meta.get("Content-Type") == "text/plain; charset=UTF-8"
    assert meta.get("Plural-Forms", "").startswith("nplurals=3;")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    _, entries = _split(language)
    assert len(entries) > 300, f"{language}: the catalog looks empty; run `make messages`"
    untranslated = [_where(language, e) for e in entries if not all(_translations(e))]
    fuzzy = [_where(language, e) for e in entries if "fuzzy" in e["flags"]]
    plural_counts = [
        _where(language, e) for e in entries if "msgid_plural" in e and len(_translations(e)) != 3
    ]
    assert not untranslated, "Untranslated:\n" + "\n".join(untranslated)
    assert not fuzzy, "Fuzzy (check, then remove the flag):\n" + "\n".join(fuzzy)
    assert not plural_counts, "Need 3 plural forms:\n" + "\n".join(plural_counts)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_links(language):
    _, entries = _split(language)
    broken = []
    for entry in entries:
        source = entry.get("msgid_plural", entry["msgid"])
        for translation in _translations(entry):
            if not translation:
                continue
            if "python-format" in entry["flags"] and sorted(
                PLACEHOLDER.findall(translation)
            ) != sorted(PLACEHOLDER.findall(source)):
                broken.append(f"{_where(language, entry)} → {translation!r}")
            if source.count("<a ") != translation.count("<a ") or source.count(
                "</a>"
            ) != translation.count("</a>"):
                broken.append(f"{_where(language, entry)} (link) → {translation!r}")
    assert not broken, "Placeholders or HTML differ:\n" + "\n".join(broken)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_matches_the_po_file(language):
    mo_path = _po_path(language).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
    with mo_path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    _, entries = _split(language)
    stale = []
    for entry in entries:
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            compiled = [catalog.get((msgid, index)) for index in range(3)]
        else:
            compiled = [catalog.get(msgid)]
        if compiled != _translations(entry):
            stale.append(_where(language, entry))
    assert not stale, "The .mo is out of date (run `make messages`):\n" + "\n".join(stale)


def test_romanian_uses_comma_below_letters():
    """ș and ț, not the cedilla look-alikes ş and ţ that old keyboards type."""
    _, entries = _split("ro")
    cedillas = [
        _where("ro", e) for e in entries if any(set(t) & set("şţŞŢ") for t in _translations(e))
    ]
    assert not cedillas, "\n".join(cedillas)


# --- pages in each language --------------------------------------------------------------

JOURNEY_LIST = {
    # heading, table column, nav label
    "pl": ("Ścieżki klienta", "Punkty styku", ">Ścieżki</a>"),
    "ru": ("Пути клиента", "Точки контакта", ">Пути клиента</a>"),
    "ro": ("Parcursurile clientului", "Puncte de contact", ">Parcursuri</a>"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_footer_language_switch_renders_the_journey_list_in_that_language(
    client_for, manager, journey, language
):
    client = client_for(manager)

    response = client.post(
        "/i18n/setlang/", {"language": language, "next": "/journeys/"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/journeys/"
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    for text in JOURNEY_LIST[language]:
        assert text in html
    assert "Customer journeys" not in html
    # The choice sticks for the next request.
    assert JOURNEY_LIST[language][0] in client.get("/journeys/").content.decode()


JOURNEY_MAP_COUNTS = {
    # one touchpoint, two moments, one moment of truth: the plural forms at work
    "pl": ("1 punkt styku", "2 momenty", "1 moment prawdy"),
    "ru": ("1 точка контакта", "2 момента", "1 момент истины"),
    "ro": ("1 punct de contact", "2 momente", "1 moment al adevărului"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_journey_map_counts_use_the_languages_plural_forms(
    client_for, manager, journey, language
):
    client = client_for(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = client.get(f"/journeys/{journey.pk}/").content.decode()

    for text in JOURNEY_MAP_COUNTS[language]:
        assert text in html


def test_a_consultants_checklist_in_russian_shows_iron_and_master_tiers(
    client_for, consultant, published_version
):
    client = client_for(consultant)
    client.post("/i18n/setlang/", {"language": "ru", "next": "/standards/mine/"})

    response = client.get("/standards/mine/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="tag iron">Железные</span>' in html
    assert '<span class="tag master">Мастерские</span>' in html
    assert "Момент истины" in html
    assert "Мои стандарты" in html
    assert "Подтверждаю ознакомление со стандартами" in html
    assert "Greet the table within two minutes" in html  # the content stays as written
    assert ">Iron<" not in html and ">Master<" not in html


@pytest.mark.parametrize(
    ("accept_language", "heading", "lang"),
    [
        ("ro", "Autentificare în CXM", "ro"),
        ("ro-RO,ro;q=0.9,en;q=0.5", "Autentificare în CXM", "ro"),
        ("pl-PL,pl;q=0.9", "Zaloguj się do CXM", "pl"),
        ("ru", "Вход в CXM", "ru"),
        ("de-DE,de;q=0.9", "Log in to CXM", "en"),
    ],
)
def test_the_login_page_follows_accept_language(db, accept_language, heading, lang):
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html
    assert f'<html lang="{lang}">' in html
