"""A published version freezes every language of its standards.

Aurora writes in English and translates into Romanian; Stan (staff) reads My standards in
Romanian, Alice (manager) publishes and edits behaviours with their translations.
"""

import pytest
from django.urls import reverse

from accounts import services as account_services
from standards import services
from standards.models import StandardsVersion


@pytest.fixture
def romanian(organization):
    return account_services.update_organization(
        organization=organization,
        name=organization.name,
        min_sample=organization.min_sample,
        content_language="en",
        content_languages=["en", "ro"],
    )


def _read(client, language, url):
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def _translate(behaviour, **values):
    behaviour.translations = {"ro": values}
    behaviour.save()


def test_the_snapshot_keeps_the_translations_as_they_were_at_publication(
    romanian, manager, iron_behaviour, master_behaviour
):
    _translate(iron_behaviour, text="Salutați masa în două minute")
    version = services.publish_standards(organization=romanian, by=manager.user)
    _translate(iron_behaviour, text="Salutați oaspeții în cel mult două minute")
    frozen = version.snapshot["journeys"][0]["touchpoints"][0]["moments"][0]["behaviours"]
    by_id = {b["id"]: b for b in frozen}
    assert by_id[iron_behaviour.pk]["translations"] == {
        "ro": {"text": "Salutați masa în două minute"}
    }
    assert by_id[master_behaviour.pk]["translations"] == {}


def test_a_romanian_reader_sees_the_published_romanian_behaviour_and_the_original_where_missing(
    romanian, manager, consultant, client_for, iron_behaviour, master_behaviour
):
    _translate(iron_behaviour, text="Salutați masa în două minute")
    services.publish_standards(organization=romanian, by=manager.user)
    page = _read(client_for(consultant), "ro", reverse("standards:my_standards"))
    assert "Salutați masa în două minute" in page
    assert "Greet the table within two minutes" not in page
    # Not translated: the original, rather than nothing.
    assert "usual order and preferences" in page
    # The example has no Romanian: the English one shows.
    assert "look after you tonight" in page


def test_an_english_reader_sees_the_original(
    romanian, manager, consultant, client_for, iron_behaviour
):
    _translate(iron_behaviour, text="Salutați masa în două minute")
    services.publish_standards(organization=romanian, by=manager.user)
    page = _read(client_for(consultant), "en", reverse("standards:my_standards"))
    assert iron_behaviour.text in page and "Salutați" not in page


def test_a_translation_only_change_can_be_published_and_the_changelog_names_the_language(
    romanian, manager, client_for, iron_behaviour
):
    services.publish_standards(organization=romanian, by=manager.user)
    _translate(iron_behaviour, text="Salutați masa în două minute")
    version = services.publish_standards(organization=romanian, by=manager.user)
    (entry,) = version.changelog["changed"]
    assert entry["id"] == iron_behaviour.pk
    assert entry["fields"] == {"text@ro": ["", "Salutați masa în două minute"]}
    page = _read(client_for(manager), "en", reverse("standards:version_detail", args=[2]))
    assert "Behaviour (Romanian)" in page


def test_versions_published_before_translations_existed_compare_as_untranslated(
    romanian, manager, iron_behaviour
):
    version = services.publish_standards(organization=romanian, by=manager.user)
    # An old snapshot has no "translations" key at all.
    for journey in version.snapshot["journeys"]:
        for touchpoint in journey["touchpoints"]:
            for moment in touchpoint["moments"]:
                moment.pop("translations")
                for behaviour in moment["behaviours"]:
                    behaviour.pop("translations")
    StandardsVersion.objects.filter(pk=version.pk).update(snapshot=version.snapshot)
    with pytest.raises(Exception, match="Nothing has changed"):
        services.publish_standards(organization=romanian, by=manager.user)


def test_editing_a_behaviour_shows_and_saves_its_romanian_fields(
    romanian, manager, client_for, iron_behaviour
):
    client = client_for(manager)
    url = reverse("standards:behaviour_edit", args=[iron_behaviour.pk])
    form = client.get(url).content.decode()
    assert "Behaviour in Romanian" in form
    response = client.post(
        url,
        {
            "kind": "iron",
            "text": iron_behaviour.text,
            "example": iron_behaviour.example,
            "text_ro": " Salutați masa în două minute ",
            "example_ro": "",
        },
    )
    assert response.status_code == 302
    iron_behaviour.refresh_from_db()
    assert iron_behaviour.translations == {"ro": {"text": "Salutați masa în două minute"}}


def test_without_translation_languages_the_edit_form_has_no_language_fields(
    manager, client_for, iron_behaviour
):
    form = client_for(manager).get(reverse("standards:behaviour_edit", args=[iron_behaviour.pk]))
    assert "text_ro" not in form.content.decode()


def test_the_moment_page_links_to_the_romanian_sheet(
    romanian, manager, client_for, critical_moment, journey
):
    page = (
        client_for(manager)
        .get(reverse("standards:moment_detail", args=[critical_moment.pk]))
        .content.decode()
    )
    sheet = reverse("standards:translation_sheet", args=["ro", journey.pk])
    assert f"{sheet}#moment-{critical_moment.pk}" in page


def _grow(journey, count=4):
    from touchpoints import services as touchpoint_services

    touchpoint = touchpoint_services.create_touchpoint(
        journey=journey, name="Paying", channel="in_person"
    )
    for i in range(count):
        moment = touchpoint_services.create_moment(touchpoint=touchpoint, name=f"Moment {i}")
        for j in range(3):
            services.create_behaviour(moment=moment, kind="iron", text=f"Behaviour {i}.{j}")


# session, user, membership, organization switcher (see test_query_counts.py)
BASE = 4


@pytest.mark.parametrize(
    "page, expected",
    [
        # journeys; what is missing: moments, behaviours, notes (one query each, all languages)
        ("overview", BASE + 4),
        # the journey, its touchpoints, moments, active behaviours and notes
        ("sheet", BASE + 5),
    ],
)
def test_translation_pages_queries_do_not_grow_with_the_standards(
    romanian,
    manager,
    client_for,
    journey,
    iron_behaviour,
    django_assert_num_queries,
    page,
    expected,
):
    romanian.content_languages = ["en", "pl", "ro", "ru"]
    romanian.save()
    client = client_for(manager)
    if page == "overview":
        url = reverse("standards:translations")
    else:
        url = reverse("standards:translation_sheet", args=["ro", journey.pk])
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    _grow(journey)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_the_history_shows_who_changed_a_translation(romanian, manager, client_for, iron_behaviour):
    services.update_behaviour(
        behaviour=iron_behaviour,
        kind="iron",
        text=iron_behaviour.text,
        example=iron_behaviour.example,
        translations={"ro": {"text": "Salutați masa", "example": ""}},
    )
    page = client_for(manager).get(reverse("standards:history")).content.decode()
    assert "Behaviour (Romanian)" in page and "Salutați masa" in page


def test_a_changed_original_sets_its_translation_aside_so_nobody_reads_the_old_rule(
    romanian, manager, consultant, client_for, journey, iron_behaviour
):
    _translate(iron_behaviour, text="Salutați masa în două minute", example="„Bună seara”")
    services.update_behaviour(
        behaviour=iron_behaviour,
        kind="iron",
        text="Greet the table within one minute",
        example=iron_behaviour.example,
    )
    iron_behaviour.refresh_from_db()
    # The example did not change: its translation stays.
    assert iron_behaviour.translations == {
        "ro": {"example": "„Bună seara”"},
        "_outdated": {"ro": {"text": "Salutați masa în două minute"}},
    }
    version = services.publish_standards(organization=romanian, by=manager.user)
    (behaviour,) = version.snapshot["journeys"][0]["touchpoints"][0]["moments"][0]["behaviours"]
    assert behaviour["translations"] == {"ro": {"example": "„Bună seara”"}}
    page = _read(client_for(consultant), "ro", reverse("standards:my_standards"))
    assert "Greet the table within one minute" in page and "două minute" not in page
    # The translator sees it missing, with the old translation as a hint.
    sheet = _read(
        client_for(manager), "en", reverse("standards:translation_sheet", args=["ro", journey.pk])
    )
    assert "The original changed since it was translated as" in sheet
    assert "Salutați masa în două minute" in sheet
    # Translating it again clears the hint.
    client_for(manager).post(
        reverse("standards:translation_sheet", args=["ro", journey.pk]),
        {f"behaviour-{iron_behaviour.pk}-text": "Salutați masa într-un minut"},
    )
    iron_behaviour.refresh_from_db()
    assert iron_behaviour.translations == {
        "ro": {"example": "„Bună seara”", "text": "Salutați masa într-un minut"}
    }


def test_editing_the_original_and_leaving_the_romanian_as_it_was_marks_it_outdated(
    romanian, manager, client_for, iron_behaviour
):
    _translate(iron_behaviour, text="Salutați masa în două minute")
    url = reverse("standards:behaviour_edit", args=[iron_behaviour.pk])
    client_for(manager).post(
        url,
        {
            "kind": "iron",
            "text": "Greet the table within one minute",
            "example": iron_behaviour.example,
            "text_ro": "Salutați masa în două minute",
            "example_ro": "",
        },
    )
    iron_behaviour.refresh_from_db()
    assert "ro" not in iron_behaviour.translations
    assert iron_behaviour.translations["_outdated"] == {
        "ro": {"text": "Salutați masa în două minute"}
    }


def test_editing_the_original_and_its_romanian_together_keeps_the_new_romanian(
    romanian, manager, client_for, iron_behaviour
):
    _translate(iron_behaviour, text="Salutați masa în două minute")
    client_for(manager).post(
        reverse("standards:behaviour_edit", args=[iron_behaviour.pk]),
        {
            "kind": "iron",
            "text": "Greet the table within one minute",
            "example": iron_behaviour.example,
            "text_ro": "Salutați masa într-un minut",
            "example_ro": "",
        },
    )
    iron_behaviour.refresh_from_db()
    assert iron_behaviour.translations == {"ro": {"text": "Salutați masa într-un minut"}}


def test_renaming_a_moment_sets_its_translated_name_aside(romanian, critical_moment):
    from touchpoints import services as touchpoint_services

    critical_moment.translations = {
        "ro": {"name": "Preluarea comenzii", "customer_expectation": "Vine cineva repede"}
    }
    critical_moment.save()
    touchpoint_services.update_moment(
        moment=critical_moment,
        name="Taking the order at the table",
        customer_expectation=critical_moment.customer_expectation,
        customer_feeling=critical_moment.customer_feeling,
    )
    critical_moment.refresh_from_db()
    assert critical_moment.translations["ro"] == {"customer_expectation": "Vine cineva repede"}
    assert critical_moment.translations["_outdated"] == {"ro": {"name": "Preluarea comenzii"}}
