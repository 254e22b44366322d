"""Standards content in several languages: Aurora writes in English and translates into
Romanian (for the Chișinău contact centre) and Polish.

Alice (manager) translates, Adam (admin) chooses the languages, Stan (staff) reads,
Oscar (Rival Bank) must never reach Aurora's sheets.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts import services as account_services
from standards import translations
from touchpoints.translation import merge_translations, translated


@pytest.fixture
def romanian(organization):
    return account_services.update_organization(
        organization=organization,
        name=organization.name,
        min_sample=organization.min_sample,
        content_language="en",
        content_languages=["en", "ro", "pl"],
    )


def _sheet_url(language, journey):
    return reverse("standards:translation_sheet", args=[language, journey.pk])


def test_translated_reads_the_active_language_and_falls_back_field_by_field(iron_behaviour):
    iron_behaviour.translations = {"ro": {"text": "Salutați masa în două minute"}}
    assert translated(iron_behaviour, "text", "ro") == "Salutați masa în două minute"
    # The Romanian example was not written: the original shows.
    assert translated(iron_behaviour, "example", "ro") == iron_behaviour.example
    assert translated(iron_behaviour, "text", "pl") == iron_behaviour.text
    with translation.override("ro"):
        assert translated(iron_behaviour, "text") == "Salutați masa în două minute"


def test_translated_reads_snapshot_dicts_too():
    item = {"text": "Greet", "translations": {"pl": {"text": "Przywitaj"}}}
    assert translated(item, "text", "pl") == "Przywitaj"
    assert translated({"text": "Greet"}, "text", "pl") == "Greet"


def test_an_emptied_translation_is_dropped_and_other_languages_kept():
    current = {"ro": {"text": "Salut"}, "pl": {"text": "Cześć"}}
    assert merge_translations(current, "ro", {"text": "  "}) == {"pl": {"text": "Cześć"}}
    assert merge_translations(current, "pl", {"text": " Dzień dobry "})["pl"] == {
        "text": "Dzień dobry"
    }


def test_admin_chooses_languages_and_the_original_is_always_among_them(
    organization, admin_member, client_for
):
    response = client_for(admin_member).post(
        reverse("accounts:organization"),
        {
            "name": "Bistro Aurora",
            "min_sample": 30,
            "survey_cooldown_days": 90,
            "content_language": "pl",
            "content_languages": ["ro"],
        },
    )
    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.content_language == "pl"
    assert organization.content_languages == ["pl", "ro"]
    assert organization.translation_languages == ["ro"]


def test_a_settings_form_without_languages_keeps_them(romanian, admin_member, client_for):
    client_for(admin_member).post(
        reverse("accounts:organization"), {"name": "Bistro Aurora", "min_sample": 25}
    )
    romanian.refresh_from_db()
    assert romanian.min_sample == 25
    assert romanian.translation_languages == ["pl", "ro"]


def test_missing_translations_are_counted_per_language_and_journey(
    romanian, journey, iron_behaviour, master_behaviour, note
):
    iron_behaviour.translations = {
        "ro": {"text": "Salutați masa în două minute", "example": "„Bună seara…”"}
    }
    iron_behaviour.save()
    # Text without the example it has: still missing in Romanian.
    master_behaviour.translations = {"pl": {"text": "Pamiętaj ulubione zamówienie gościa"}}
    master_behaviour.save()
    missing = {m.language: m for m in translations.missing_translations(romanian)}
    assert list(missing) == ["pl", "ro"]
    assert missing["ro"].behaviours == 1
    assert missing["pl"].behaviours == 1
    assert missing["ro"].moments == 2
    assert missing["ro"].notes == 1
    assert missing["ro"].by_journey[journey.pk] == {"moment": 2, "behaviour": 1, "note": 1}


def test_overview_says_how_many_behaviours_are_not_yet_translated(
    romanian, manager, client_for, iron_behaviour, master_behaviour
):
    page = client_for(manager).get(reverse("standards:translations")).content.decode()
    assert "2 behaviours not yet translated" in page
    assert "Romanian" in page and "Polish" in page


def test_manager_translates_a_journey_on_its_sheet(
    romanian, manager, client_for, journey, critical_moment, iron_behaviour
):
    client = client_for(manager)
    url = _sheet_url("ro", journey)
    page = client.get(url).content.decode()
    assert iron_behaviour.text in page and "Not translated yet" in page
    response = client.post(
        url,
        {
            f"behaviour-{iron_behaviour.pk}-text": "Salutați masa în două minute",
            f"behaviour-{iron_behaviour.pk}-example": "",
            f"moment-{critical_moment.pk}-name": "Preluarea comenzii",
        },
    )
    assert response.status_code == 302
    iron_behaviour.refresh_from_db()
    critical_moment.refresh_from_db()
    assert iron_behaviour.translations == {"ro": {"text": "Salutați masa în două minute"}}
    assert critical_moment.translations == {"ro": {"name": "Preluarea comenzii"}}
    # Recorded in the behaviour's history, like any edit.
    assert iron_behaviour.history.first().translations == iron_behaviour.translations


def test_a_translation_longer_than_the_original_may_be_is_refused(
    romanian, manager, client_for, journey, iron_behaviour
):
    response = client_for(manager).post(
        _sheet_url("ro", journey), {f"behaviour-{iron_behaviour.pk}-text": "x" * 301}
    )
    assert response.status_code == 400
    iron_behaviour.refresh_from_db()
    assert iron_behaviour.translations == {}


def test_a_language_the_organization_does_not_translate_into_has_no_sheet(
    romanian, manager, client_for, journey
):
    assert client_for(manager).get(_sheet_url("ru", journey)).status_code == 404


@pytest.mark.parametrize("persona", ["staff", "executive"])
def test_only_editors_translate(romanian, personas, persona, client_for, journey):
    client = client_for(personas[persona])
    assert client.get(_sheet_url("ro", journey)).status_code == 403
    assert client.get(reverse("standards:translations")).status_code == 403


def test_another_organizations_manager_cannot_reach_the_sheet(
    romanian, outsider, client_for, journey, other_organization
):
    account_services.update_organization(
        organization=other_organization,
        name=other_organization.name,
        min_sample=30,
        content_language="en",
        content_languages=["en", "ro"],
    )
    assert client_for(outsider).get(_sheet_url("ro", journey)).status_code == 404


def test_journey_map_shows_priceless_notes_in_the_readers_language(
    romanian, manager, client_for, journey, note
):
    note.translations = {"ro": {"text": "Ospătarul își amintește numele meu"}}
    note.save()
    client = client_for(manager)
    client.cookies["django_language"] = "ro"
    page = client.get(reverse("touchpoints:journey_map", args=[journey.pk])).content.decode()
    assert "Ospătarul își amintește numele meu" in page


@pytest.fixture
def api_for():
    from rest_framework.test import APIClient

    def make(membership):
        client = APIClient()
        client.force_login(membership.user)
        return client

    return make


def test_the_api_reads_and_writes_a_behaviours_translations_field_by_field(
    romanian, manager, api_for, iron_behaviour
):
    client = api_for(manager)
    url = f"/api/v1/behaviours/{iron_behaviour.pk}/"
    response = client.patch(
        url,
        {"translations": {"ro": {"text": "Salutați masa", "example": "„Bună seara”"}}},
        format="json",
    )
    assert response.status_code == 200, response.content
    # Only the example is sent: the text is kept; an empty string removes a translation.
    client.patch(url, {"translations": {"ro": {"example": ""}}}, format="json")
    assert client.get(url).json()["translations"] == {"ro": {"text": "Salutați masa"}}


def test_the_api_creates_a_moment_with_its_translations(romanian, manager, api_for, journey):
    touchpoint = journey.touchpoints.get()
    response = api_for(manager).post(
        "/api/v1/moments/",
        {
            "touchpoint": touchpoint.pk,
            "name": "Paying the bill",
            "translations": {"pl": {"name": "Płacenie rachunku"}},
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["translations"] == {"pl": {"name": "Płacenie rachunku"}}


def test_the_api_refuses_a_too_long_translation_and_says_where(
    romanian, manager, api_for, iron_behaviour
):
    response = api_for(manager).patch(
        f"/api/v1/behaviours/{iron_behaviour.pk}/",
        {"translations": {"ro": {"text": "x" * 301}}},
        format="json",
    )
    assert response.status_code == 400
    (message,) = response.json()["translations"]
    assert message.startswith("ro.text: ")
    iron_behaviour.refresh_from_db()
    assert iron_behaviour.translations == {}


def _demo_originals(data) -> set[str]:
    texts = set(data["priceless"])
    for _name, _stage, _channel, moments in data["touchpoints"]:
        for name, _critical, expectation, feeling, iron, master in moments:
            texts |= {name, expectation, feeling}
            for text, example in (*iron, *master):
                texts |= {text, example}
    return texts - {""}


def test_the_demo_translations_match_the_demo_content_and_chisinau_reads_all_of_it_in_romanian():
    from demo.content.bank import BANK
    from demo.content.restaurant import RESTAURANT
    from demo.content.translations import TRANSLATIONS

    for data in (BANK, RESTAURANT):
        originals = _demo_originals(data)
        for language, words in TRANSLATIONS[data["slug"]].items():
            assert set(words) <= originals, (language, set(words) - originals)
    assert set(TRANSLATIONS["nova-bank"]["ro"]) == _demo_originals(BANK)


def test_a_sheet_post_without_a_field_keeps_that_translation(
    romanian, manager, client_for, journey, critical_moment, iron_behaviour
):
    iron_behaviour.translations = {"ro": {"text": "Salutați masa"}}
    iron_behaviour.save()
    response = client_for(manager).post(
        _sheet_url("ro", journey), {f"moment-{critical_moment.pk}-name": "Preluarea comenzii"}
    )
    assert response.status_code == 302
    iron_behaviour.refresh_from_db()
    assert iron_behaviour.translations == {"ro": {"text": "Salutați masa"}}


def test_the_review_form_offers_moments_in_the_reviewers_language(
    romanian, manager, client_for, critical_moment, iron_behaviour
):
    critical_moment.translations = {"ro": {"name": "Preluarea comenzii"}}
    critical_moment.save()
    client = client_for(manager)
    client.cookies["django_language"] = "ro"
    page = client.get(reverse("reviews:review_create")).content.decode()
    assert "Preluarea comenzii" in page


def test_the_settings_page_links_to_what_is_missing(romanian, admin_member, client_for):
    page = client_for(admin_member).get(reverse("accounts:organization")).content.decode()
    assert reverse("standards:translations") in page
