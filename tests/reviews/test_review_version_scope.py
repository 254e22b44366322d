"""Standards are published per journey: a review records the version its consultant worked
from for the reviewed journey, and the practices page reads "published" per journey."""

import pytest
from django.urls import reverse

from standards import services as standards_services
from standards.practices import services as practice_services
from touchpoints import services as touchpoint_services


@pytest.fixture
def hotel(organization):
    journey = touchpoint_services.create_journey(organization=organization, name="Hotel check-in")
    desk = touchpoint_services.create_touchpoint(journey=journey, name="Front desk")
    moment = touchpoint_services.create_moment(touchpoint=desk, name="Key", is_critical=True)
    standards_services.create_behaviour(moment=moment, kind="iron", text="Say the breakfast hours")
    return journey


def test_a_review_records_its_journeys_version_not_a_later_one_of_another_journey(
    organization, manager, consultant, journey, hotel, iron_behaviour, submit
):
    dinner_version = standards_services.publish_standards(
        organization=organization, by=manager.user, journey=journey
    )
    # Published after the dinner's version, for the hotel only: the waiter's standards did
    # not change.
    standards_services.publish_standards(organization=organization, by=manager.user, journey=hotel)

    review = submit(reviewer=manager, consultant=consultant, results={iron_behaviour: "met"})

    assert review.standards_version == dinner_version


def test_a_version_of_all_journeys_counts_for_every_journey(
    organization, manager, consultant, journey, hotel, iron_behaviour, submit
):
    standards_services.publish_standards(
        organization=organization, by=manager.user, journey=journey
    )
    everything = standards_services.publish_standards(organization=organization, by=manager.user)

    review = submit(reviewer=manager, consultant=consultant, results={iron_behaviour: "met"})

    assert review.standards_version == everything


def test_a_promoted_behaviour_reads_as_published_once_its_own_journey_is_published(
    organization, manager, consultant, journey, hotel, critical_moment, client_for
):
    practice = practice_services.record_best_practice(
        organization=organization,
        consultant=consultant,
        moment=critical_moment,
        description="Remembers the guest's wine",
        by=manager.user,
    )
    practice_services.promote_best_practice(practice=practice)
    page = reverse("reviews:practices")

    # Publishing the hotel does not put the dinner's new behaviour in front of the waiters.
    standards_services.publish_standards(organization=organization, by=manager.user, journey=hotel)
    assert "Promoted to the draft master behaviour" in client_for(manager).get(page).text

    standards_services.publish_standards(
        organization=organization, by=manager.user, journey=journey
    )
    assert "Part of the standards as the master behaviour" in client_for(manager).get(page).text
