"""Publishing, versions, acknowledgements, my standards, coverage, history and the banner."""

from django.urls import reverse

from standards import services
from standards.models import Acknowledgement, StandardsVersion


def _url(name, *args):
    return reverse(f"standards:{name}", args=args)


BANNER = "New standards: version"


# --- publishing --------------------------------------------------------------------------


def test_publish_page_previews_pending_changes_with_before_and_after(
    client_for, manager, published_version, iron_behaviour, master_behaviour, critical_moment
):
    services.update_behaviour(behaviour=iron_behaviour, kind="iron", text="Greet within a minute")
    services.retire_behaviour(behaviour=master_behaviour)
    services.create_behaviour(moment=critical_moment, kind="master", text="Use the guest's name")

    response = client_for(manager).get(_url("publish"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Changes since version 1" in html
    assert "3 changes." in html
    assert "Use the guest&#x27;s name" in html  # added
    assert "<del>Greet the table within two minutes</del>" in html
    assert "<ins>Greet within a minute</ins>" in html  # changed, before → after
    assert "Recall the guest" in html  # removed
    assert "Publish version 2" in html
    assert 'type="submit" class="btn">Publish<' in html


def test_publishing_redirects_to_the_new_version_with_a_success_message(
    client_for, manager, organization, iron_behaviour
):
    client = client_for(manager)
    response = client.post(_url("publish"), {"note": "First standards for the dining room"})

    version = StandardsVersion.objects.get(organization=organization)
    assert response.status_code == 302
    assert response.url == _url("version_detail", 1)
    assert version.note == "First standards for the dining room"
    assert version.published_by == manager.user
    page = client.get(response.url).content.decode()
    assert "Version 1 is published." in page
    assert "First standards for the dining room" in page


def test_publishing_without_a_note_works(client_for, manager, iron_behaviour):
    response = client_for(manager).post(_url("publish"))

    assert response.status_code == 302
    assert StandardsVersion.objects.get().note == ""


def test_publishing_with_no_changes_shows_the_message_and_creates_no_version(
    client_for, manager, published_version
):
    response = client_for(manager).post(_url("publish"), {"note": "again"})

    assert response.status_code == 400
    assert "Nothing has changed since version 1, so there is nothing to publish." in (
        response.content.decode()
    )
    assert StandardsVersion.objects.count() == 1


def test_publish_page_without_changes_explains_and_offers_no_button(
    client_for, manager, published_version
):
    html = client_for(manager).get(_url("publish")).content.decode()

    assert "Nothing has changed since version 1" in html
    assert 'type="submit" class="btn">Publish<' not in html


def test_publishing_before_any_behaviour_exists_explains_what_to_do(client_for, manager, journey):
    response = client_for(manager).post(_url("publish"))

    assert response.status_code == 400
    assert "add behaviours first" in response.content.decode()
    assert not StandardsVersion.objects.exists()


def test_an_over_long_note_is_a_400_and_nothing_is_published(client_for, manager, iron_behaviour):
    response = client_for(manager).post(_url("publish"), {"note": "n" * 301})

    assert response.status_code == 400
    assert "at most 300 characters" in response.content.decode()
    assert not StandardsVersion.objects.exists()


# --- versions ----------------------------------------------------------------------------


def test_version_list_shows_number_publisher_counts_and_note(
    client_for, manager, organization, published_version, iron_behaviour, critical_moment
):
    services.update_behaviour(behaviour=iron_behaviour, kind="iron", text="Greet within a minute")
    services.create_behaviour(moment=critical_moment, kind="master", text="Use the guest's name")
    services.publish_standards(organization=organization, by=manager.user, note="Faster greeting")

    html = client_for(manager).get(_url("version_list")).content.decode()

    assert html.index("Version 2") < html.index("Version 1")
    assert "Faster greeting" in html
    assert "Alice Test" in html
    assert "+1</span>" in html and "~1</span>" in html and "−0</span>" in html
    assert "+4</span>" in html  # version 1: two moments and two behaviours


def test_version_list_without_versions_shows_an_empty_state(client_for, manager, organization):
    html = client_for(manager).get(_url("version_list")).content.decode()

    assert "No version is published yet" in html
    assert _url("publish") in html


def test_version_list_tells_staff_which_versions_they_confirmed(
    client_for, consultant, published_version
):
    client = client_for(consultant)
    assert "not yet" in client.get(_url("version_list")).content.decode()

    services.acknowledge_version(membership=consultant, version=published_version)

    assert "✓ confirmed" in client.get(_url("version_list")).content.decode()


def test_version_page_is_the_checklist_with_its_changelog(client_for, executive, published_version):
    response = client_for(executive).get(_url("version_detail", 1))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Standards, version 1" in html
    # Plain markers, not squares that look like checkboxes nobody can tick.
    assert 'class="checklist"' in html and 'class="marker"' in html
    assert 'class="box"' not in html
    assert "Taking the order" in html and "Moment of truth" in html
    assert "Greet the table within two minutes" in html
    assert "Recall the guest" in html
    # The plain moment without behaviours is left out of the checklist.
    checklist = html[html.index('class="checklist"') :]
    assert "Menu questions" not in checklist
    # What changed comes before the checklist.
    assert html.index("What changed in version 1") < html.index('class="checklist"')
    assert "data-print" in html  # the print button (static/js/app.js)
    # Only staff acknowledge.
    assert "I have read and understood these standards" not in html


def test_old_version_stays_readable_with_its_old_text(
    client_for, consultant, manager, organization, published_version, iron_behaviour
):
    services.update_behaviour(behaviour=iron_behaviour, kind="iron", text="Greet within a minute")
    services.publish_standards(organization=organization, by=manager.user)

    client = client_for(consultant)
    old = client.get(_url("version_detail", 1)).content.decode()
    new = client.get(_url("version_detail", 2)).content.decode()

    assert "Greet the table within two minutes" in old
    assert "Greet within a minute" not in old.split('id="changelog"')[0]
    assert "This is an older version" in old
    assert "I have read and understood" not in old  # only the current one is acknowledged
    assert "Greet within a minute" in new
    assert "I have read and understood" in new


def test_unknown_version_number_is_404(client_for, manager, published_version):
    assert client_for(manager).get(_url("version_detail", 7)).status_code == 404


# --- acknowledging -----------------------------------------------------------------------


def test_staff_acknowledge_and_then_see_the_confirmation_with_the_time(
    client_for, consultant, published_version
):
    client = client_for(consultant)
    assert "I have read and understood these standards" in (
        client.get(_url("version_detail", 1)).content.decode()
    )

    response = client.post(_url("acknowledge", 1))

    assert response.status_code == 302
    assert response.url == _url("version_detail", 1)
    acknowledgement = Acknowledgement.objects.get(membership=consultant)
    html = client.get(response.url).content.decode()
    assert "Thank you: you confirmed that you know version 1." in html
    assert "you confirmed that you have read and understood these standards." in html
    assert acknowledgement.acknowledged_at.strftime("%Y") in html
    assert "I have read and understood these standards" not in html


def test_acknowledging_twice_is_harmless(client_for, consultant, published_version):
    client = client_for(consultant)

    client.post(_url("acknowledge", 1))
    first = Acknowledgement.objects.get().acknowledged_at
    response = client.post(_url("acknowledge", 1))

    assert response.status_code == 302
    assert Acknowledgement.objects.get().acknowledged_at == first


def test_acknowledging_returns_to_my_standards_when_started_there(
    client_for, consultant, published_version
):
    response = client_for(consultant).post(_url("acknowledge", 1), {"next": _url("my_standards")})

    assert response.url == _url("my_standards")


def test_acknowledging_never_redirects_to_another_site(client_for, consultant, published_version):
    response = client_for(consultant).post(
        _url("acknowledge", 1), {"next": "https://evil.example/"}
    )

    assert response.url == _url("version_detail", 1)


def test_managers_cannot_acknowledge(client_for, manager, published_version):
    assert client_for(manager).post(_url("acknowledge", 1)).status_code == 403
    assert not Acknowledgement.objects.exists()


def test_acknowledging_needs_post(client_for, consultant, published_version):
    assert client_for(consultant).get(_url("acknowledge", 1)).status_code == 405


# --- the banner --------------------------------------------------------------------------


def test_staff_sees_banner_until_they_acknowledge(client_for, consultant, published_version):
    client = client_for(consultant)
    assert f"{BANNER} 1." in client.get(_url("my_standards")).content.decode()

    client.post(_url("acknowledge", 1))

    assert BANNER not in client.get(_url("my_standards")).content.decode()
    assert BANNER not in client.get(_url("version_list")).content.decode()


def test_staff_sees_the_banner_again_for_the_next_version(
    client_for, consultant, manager, organization, published_version, critical_moment
):
    client = client_for(consultant)
    client.post(_url("acknowledge", 1))
    services.create_behaviour(moment=critical_moment, kind="master", text="Use the guest's name")
    services.publish_standards(organization=organization, by=manager.user)

    assert f"{BANNER} 2." in client.get(_url("version_list")).content.decode()


def test_managers_never_see_the_banner(client_for, manager, admin_member, published_version):
    for member in (manager, admin_member):
        html = client_for(member).get(_url("version_detail", 1)).content.decode()
        assert BANNER not in html


# --- my standards ------------------------------------------------------------------------


def test_my_standards_shows_the_latest_checklist_and_acknowledge_button(
    client_for, consultant, published_version
):
    html = client_for(consultant).get(_url("my_standards")).content.decode()

    assert "Your checklist per situation" in html
    assert "Greet the table within two minutes" in html
    assert "I have read and understood these standards" in html
    assert f'action="{_url("acknowledge", 1)}"' in html


def test_my_standards_shows_the_acknowledgement_once_given(
    client_for, consultant, published_version
):
    services.acknowledge_version(membership=consultant, version=published_version)

    html = client_for(consultant).get(_url("my_standards")).content.decode()

    assert "you confirmed that you have read and understood" in html
    assert "I have read and understood these standards" not in html


def test_my_standards_before_anything_is_published_is_a_friendly_empty_state(
    client_for, consultant
):
    response = client_for(consultant).get(_url("my_standards"))

    assert response.status_code == 200
    assert "No standards published yet" in response.content.decode()


def test_other_roles_can_read_my_standards_without_acknowledging(
    client_for, executive, published_version
):
    html = client_for(executive).get(_url("my_standards")).content.decode()

    assert "Greet the table within two minutes" in html
    assert "Only staff confirm" in html
    assert "I have read and understood these standards" not in html


# --- coverage ----------------------------------------------------------------------------


def test_coverage_shows_each_location_with_percent_meter_and_missing_names(
    client_for, executive, consultant, second_consultant, published_version
):
    services.acknowledge_version(membership=consultant, version=published_version)

    html = client_for(executive).get(_url("coverage")).content.decode()

    assert "1 of 2 staff (50%) have confirmed." in html
    krakow = html[html.index("Kraków Rynek") : html.index("Warszawa Mokotów")]
    assert "1 of 1" in krakow and 'style="width: 100%"' in krakow
    assert "Everyone has confirmed." in krakow
    warsaw = html[html.index("Warszawa Mokotów") :]
    assert "0 of 1" in warsaw and 'style="width: 0%"' in warsaw
    assert "Sara Test" in warsaw


def test_coverage_before_anything_is_published_explains(client_for, manager, organization):
    html = client_for(manager).get(_url("coverage")).content.decode()

    assert "Nothing is published yet" in html


def test_staff_cannot_see_coverage(client_for, consultant, published_version):
    assert client_for(consultant).get(_url("coverage")).status_code == 403


# --- history -----------------------------------------------------------------------------


def test_history_lists_additions_edits_and_removals_newest_first(
    client_for, manager, critical_moment
):
    client = client_for(manager)
    client.post(_url("behaviour_create", critical_moment.pk), {"kind": "iron", "text": "Greet"})
    behaviour = critical_moment.behaviours.get()
    client.post(_url("behaviour_edit", behaviour.pk), {"kind": "master", "text": "Greet"})
    client.post(_url("behaviour_delete", behaviour.pk))

    html = client.get(_url("history")).content.decode()

    removed, edited, added = (html.index(f">{word}<") for word in ("removed", "edited", "added"))
    assert removed < edited < added
    assert "<del>Iron</del>" in html and "<ins>Master</ins>" in html
    assert f'href="{_url("moment_detail", critical_moment.pk)}"' in html


def test_history_is_empty_at_first(client_for, admin_member, organization):
    html = client_for(admin_member).get(_url("history")).content.decode()

    assert "No behaviour has been changed yet" in html


def test_history_shows_only_the_own_organizations_changes(client_for, outsider, iron_behaviour):
    html = client_for(outsider).get(_url("history")).content.decode()

    assert "Greet the table" not in html
