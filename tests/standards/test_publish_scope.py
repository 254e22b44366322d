"""Publishing for a journey: only the staff where the journey applies are asked.

Bistro Aurora runs a restaurant in Kraków (Stan works there) and a hotel in Warszawa
(Sara works there). "Dinner" applies in Kraków, "Hotel check-in" in Warszawa. Publishing
the hotel's standards must not ask Stan anything, and the coverage page counts only Sara.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from standards import checklists, scope, selectors, services
from standards.models import Acknowledgement, StaffNotice, StandardsVersion
from tests.personas import add_person
from touchpoints import services as touchpoint_services

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def dinner(journey, location, iron_behaviour, master_behaviour):
    """The restaurant journey of tests/conftest.py, at Kraków only."""
    journey.locations.set([location])
    return journey


@pytest.fixture
def hotel(organization, second_location):
    journey = touchpoint_services.create_journey(organization=organization, name="Hotel check-in")
    journey.locations.set([second_location])
    desk = touchpoint_services.create_touchpoint(journey=journey, name="Front desk")
    moment = touchpoint_services.create_moment(
        touchpoint=desk, name="Handing over the key", is_critical=True
    )
    services.create_behaviour(moment=moment, kind="iron", text="Say the breakfast hours")
    return journey


@pytest.fixture
def staff(consultant, second_consultant):
    """Stan (Kraków, waiter) and Sara (Warszawa, receptionist), both with an e-mail."""
    for membership in (consultant, second_consultant):
        membership.user.email = f"{membership.user.username}@aurora.example"
        membership.user.save(update_fields=["email"])
    return consultant, second_consultant


def _publish(organization, manager, journey=None, note=""):
    return services.publish_standards(
        organization=organization, by=manager.user, journey=journey, note=note
    )


def test_publishing_the_hotel_asks_only_the_hotel_staff(
    organization, manager, dinner, hotel, staff
):
    stan, sara = staff

    version = _publish(organization, manager, hotel)

    assert (version.all_journeys, version.journey, version.journey_name) == (
        False,
        hotel,
        "Hotel check-in",
    )
    assert set(StaffNotice.objects.values_list("membership", flat=True)) == {sara.pk}
    assert selectors.latest_unacknowledged_version(sara) == version
    assert selectors.latest_unacknowledged_version(stan) is None
    # Only the hotel is frozen: a restaurant behaviour is not part of the hotel's version.
    assert [part["name"] for part in version.snapshot["journeys"]] == ["Hotel check-in"]


def test_a_version_of_all_journeys_asks_every_staff_member_their_own_journeys(
    organization, manager, dinner, hotel, staff, client_for
):
    stan, sara = staff

    version = _publish(organization, manager)

    assert version.all_journeys and version.journey is None
    assert StaffNotice.objects.filter(version=version).count() == 2
    page = client_for(stan).get(reverse("standards:my_standards")).content.decode()
    assert "Taking the order" in page and "Handing over the key" not in page
    page = client_for(sara).get(reverse("standards:my_standards")).content.decode()
    assert "Handing over the key" in page and "Taking the order" not in page


def test_a_journey_without_locations_applies_at_every_location(
    organization, manager, journey, iron_behaviour, staff
):
    stan, sara = staff

    version = _publish(organization, manager, journey)

    assert set(scope.staff_in_scope(version)) == {stan, sara}
    assert selectors.latest_unacknowledged_version(stan) == version


def test_staff_without_a_location_are_asked_only_journeys_of_every_location(
    organization, manager, dinner, hotel, journey
):
    floater = add_person(organization, "fred", "staff")
    _publish(organization, manager, hotel)
    assert selectors.latest_unacknowledged_version(floater) is None

    anywhere = touchpoint_services.create_journey(organization=organization, name="Phone")
    line = touchpoint_services.create_touchpoint(journey=anywhere, name="Call", channel="phone")
    moment = touchpoint_services.create_moment(touchpoint=line, name="Answering", is_critical=True)
    services.create_behaviour(moment=moment, kind="iron", text="Answer within three rings")
    version = _publish(organization, manager, anywhere)

    assert selectors.latest_unacknowledged_version(floater) == version


def test_each_journey_works_from_its_newest_version(
    organization, manager, dinner, hotel, staff, iron_behaviour, client_for
):
    stan, sara = staff
    everything = _publish(organization, manager)  # v1, all journeys
    services.update_behaviour(behaviour=iron_behaviour, kind="iron", text="Greet within a minute")
    dinner_v2 = _publish(organization, manager, dinner, note="Faster greeting")

    # Stan now works from version 2 for dinner; version 1 no longer asks him anything.
    assert selectors.latest_unacknowledged_version(stan) == dinner_v2
    reading = checklists.standards_to_read(organization, stan)
    assert [v.number for v in reading["versions"]] == [2]
    # Sara's hotel is still read from version 1.
    reading = checklists.standards_to_read(organization, sara)
    assert [v.number for v in reading["versions"]] == [everything.number]

    page = client_for(stan).get(reverse("standards:my_standards")).content.decode()
    assert (
        "Greet within a minute" in page
        and "Greet the table within two minutes" not in page.split('class="checklist"')[1]
    )


def test_the_changelog_of_a_journey_is_against_what_its_staff_read(
    organization, manager, dinner, hotel, staff, iron_behaviour, critical_moment
):
    _publish(organization, manager)  # v1, all journeys
    services.update_behaviour(behaviour=iron_behaviour, kind="iron", text="Greet within a minute")
    hotel_moment = hotel.touchpoints.get().moments.get()
    services.create_behaviour(moment=hotel_moment, kind="master", text="Remember the guest's room")

    dinner_v2 = _publish(organization, manager, dinner)

    # Only the dinner change; the hotel's pending change waits for the hotel's version.
    assert dinner_v2.changelog["added"] == []
    assert [entry["label"] for entry in dinner_v2.changelog["changed"]] == ["Greet within a minute"]
    assert dinner_v2.changelog["removed"] == []
    assert services.pending_change_counts(organization) == {dinner.pk: 0, hotel.pk: 1}

    hotel_v3 = _publish(organization, manager, hotel)
    assert [entry["label"] for entry in hotel_v3.changelog["added"]] == [
        "Remember the guest's room"
    ]
    assert all(entry["journey_id"] == hotel.pk for entry in hotel_v3.changelog["added"])

    # All journeys again: nothing new since versions 2 and 3.
    with pytest.raises(ValidationError, match="since version 3"):
        _publish(organization, manager)


def test_a_journey_with_nothing_new_is_not_published_again(organization, manager, dinner, hotel):
    _publish(organization, manager, dinner)

    with pytest.raises(ValidationError, match="Nothing has changed since version 1"):
        _publish(organization, manager, dinner)
    # The hotel was never published: it can be, and its number follows the organization's.
    assert _publish(organization, manager, hotel).number == 2


def test_a_journey_of_another_organization_cannot_be_published(
    organization, manager, other_journey
):
    with pytest.raises(ValidationError):
        _publish(organization, manager, other_journey)
    assert not StandardsVersion.objects.exists()


def test_coverage_counts_only_the_staff_a_version_is_asked_of(
    organization, manager, dinner, hotel, staff, client_for
):
    stan, sara = staff
    hotel_version = _publish(organization, manager, hotel)
    dinner_version = _publish(organization, manager, dinner)
    services.acknowledge_version(membership=sara, version=hotel_version)

    versions = selectors.coverage_of_current_versions(organization)

    assert {(v.number, v.totals["total"], v.totals["acknowledged"]) for v in versions} == {
        (hotel_version.number, 1, 1),
        (dinner_version.number, 1, 0),
    }
    html = client_for(manager).get(reverse("standards:coverage")).content.decode()
    assert "1 of 1 staff member (100%) has confirmed." in html
    assert "0 of 1 staff member (0%) has confirmed." in html
    assert "Hotel check-in" in html and "Dinner" in html


def test_staff_cannot_acknowledge_a_version_of_another_location(
    organization, manager, dinner, hotel, staff, client_for
):
    stan, _sara = staff
    version = _publish(organization, manager, hotel)

    with pytest.raises(ValidationError, match="does not apply at your location"):
        services.acknowledge_version(membership=stan, version=version)
    response = client_for(stan).post(reverse("standards:acknowledge", args=[version.number]))
    assert response.status_code == 302
    assert not Acknowledgement.objects.exists()

    page = client_for(stan).get(reverse("standards:version_detail", args=[version.number]))
    html = page.content.decode()
    assert "does not apply at your location" in html
    assert "I have read and understood these standards" not in html


def test_staff_list_only_the_versions_of_their_journeys(
    organization, manager, dinner, hotel, staff, client_for
):
    stan, _sara = staff
    _publish(organization, manager, hotel)
    _publish(organization, manager, dinner)

    versions = selectors.versions_overview(organization, stan)

    assert [(v.number, v.journey_name) for v in versions] == [(2, "Dinner")]
    assert all(v.is_current for v in versions)


def test_the_manager_chooses_the_journey_on_the_publish_page(
    organization, manager, dinner, hotel, staff, client_for
):
    client = client_for(manager)
    url = reverse("standards:publish")

    page = client.get(url, {"journey": hotel.pk}).content.decode()
    assert "Say the breakfast hours" in page and "Greet the table" not in page
    assert "applies at Warszawa Mokotów: 1 staff member there is asked to confirm it." in page
    # The choice says which journeys have something to publish (moments count too).
    assert "Hotel check-in (2 changes)" in page and "Dinner (4 changes)" in page

    response = client.post(url + f"?journey={hotel.pk}", {"journey": hotel.pk, "note": "Keys"})

    version = StandardsVersion.objects.get()
    assert response.status_code == 302
    assert (version.journey, version.note) == (hotel, "Keys")
    assert [v.membership_id for v in version.notices.all()] == [staff[1].pk]


def test_the_publish_page_refuses_another_organizations_journey(
    organization, manager, dinner, other_journey, client_for
):
    response = client_for(manager).post(reverse("standards:publish"), {"journey": other_journey.pk})

    assert response.status_code == 400
    assert not StandardsVersion.objects.exists()


def test_the_journey_edit_form_says_where_the_journey_applies(
    organization, manager, journey, location, second_location, client_for, outsider
):
    from accounts import services as account_services

    elsewhere = account_services.save_location(
        organization=outsider.organization, name="Rival HQ", code="hq", time_zone="UTC"
    )
    client = client_for(manager)
    url = reverse("touchpoints:journey_edit", args=[journey.pk])

    form = client.get(url, **HTMX).content.decode()
    assert "Kraków Rynek" in form and "Warszawa Mokotów" in form and "Rival HQ" not in form

    client.post(url, {"name": "Dinner", "locations": [second_location.pk]})
    assert list(journey.locations.all()) == [second_location]

    response = client.post(url, {"name": "Dinner", "locations": [elsewhere.pk]})
    assert response.status_code == 400
    assert list(journey.locations.all()) == [second_location]

    client.post(url, {"name": "Dinner"})  # none ticked: every location
    assert not journey.locations.exists()


def test_a_deleted_journey_keeps_its_versions_and_asks_no_one(
    organization, manager, dinner, hotel, staff
):
    stan, sara = staff
    version = _publish(organization, manager, hotel)

    touchpoint_services.delete_node(obj=hotel)

    version.refresh_from_db()
    assert (version.journey, version.journey_name, version.all_journeys) == (
        None,
        "Hotel check-in",
        False,
    )
    assert selectors.latest_unacknowledged_version(sara) is None
    assert not scope.staff_in_scope(version).exists()


def test_the_api_says_which_journey_a_version_is_for(organization, manager, dinner, hotel):
    from rest_framework.test import APIClient

    _publish(organization, manager)
    hotel_moment = hotel.touchpoints.get().moments.get()
    services.create_behaviour(moment=hotel_moment, kind="master", text="Remember the room")
    _publish(organization, manager, hotel)
    client = APIClient()
    client.force_login(manager.user)

    rows = client.get("/api/v1/versions/").json()["results"]
    assert [(r["number"], r["all_journeys"], r["journey"], r["journey_name"]) for r in rows] == [
        (2, False, hotel.pk, "Hotel check-in"),
        (1, True, None, ""),
    ]
    only_hotel = client.get("/api/v1/versions/", {"journey": hotel.pk}).json()["results"]
    assert [r["number"] for r in only_hotel] == [2]
    detail = client.get("/api/v1/versions/2/").json()
    assert [part["name"] for part in detail["snapshot"]["journeys"]] == ["Hotel check-in"]
    assert client.get("/api/v1/versions/", {"all_journeys": "maybe"}).status_code == 400


def test_a_journey_s_current_version_is_its_newest_or_the_newest_of_all(
    organization, manager, dinner, hotel, iron_behaviour
):
    everything = _publish(organization, manager)
    services.update_behaviour(behaviour=iron_behaviour, kind="iron", text="Greet within a minute")
    dinner_v2 = _publish(organization, manager, dinner)

    assert selectors.current_version_for_journey(organization.pk, dinner.pk) == dinner_v2
    assert selectors.current_version_for_journey(organization.pk, hotel.pk) == everything
