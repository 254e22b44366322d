"""Query counts of the pages that list things, pinned and shown not to grow with the data.

Every logged-in page costs 4 queries before the view runs or around it: the session, the
user, the membership (middleware) and the organization switcher in base.html. Staff pages
add one for the "new standards" banner.
"""

import pytest
from django.urls import reverse

from accounts.choices import Role
from standards import services
from tests.personas import add_person
from touchpoints import services as touchpoint_services

BASE = 4  # session, user, membership, organization switcher
BANNER = 1  # staff only: latest unacknowledged version


def _grow_behaviours(moment, count=10):
    for i in range(count):
        behaviour = services.create_behaviour(
            moment=moment, kind="iron" if i % 2 else "master", text=f"Behaviour number {i}"
        )
        services.update_behaviour(
            behaviour=behaviour, kind=behaviour.kind, text=f"Behaviour number {i}, edited"
        )


def _grow_moments(journey, count=5):
    touchpoint = touchpoint_services.create_touchpoint(
        journey=journey, name="Paying", channel="in_person"
    )
    for i in range(count):
        moment = touchpoint_services.create_moment(
            touchpoint=touchpoint, name=f"Moment {i}", is_critical=bool(i % 2)
        )
        _grow_behaviours(moment, count=3)


def _grow_staff(organization, location, second_location, version, count=8):
    for i in range(count):
        member = add_person(
            organization,
            f"staff{i}",
            Role.STAFF,
            location=location if i % 2 else second_location,
        )
        if i % 3 == 0:
            services.acknowledge_version(membership=member, version=version)


def _republish(organization, manager):
    return services.publish_standards(organization=organization, by=manager.user)


@pytest.mark.parametrize("persona, expected", [("manager", BASE + 2), ("staff", BASE + BANNER + 2)])
def test_moment_page_queries_do_not_grow_with_behaviours(
    client_for,
    personas,
    published_version,
    critical_moment,
    django_assert_num_queries,
    persona,
    expected,
):
    client = client_for(personas[persona])
    url = reverse("standards:moment_detail", args=[critical_moment.pk])
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200

    _grow_behaviours(critical_moment, count=12)

    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "persona, expected",
    # version, the journeys it covers with their current versions; managers: the e-mails
    # to staff; staff: their acknowledgement and the banner
    [("manager", BASE + 3), ("staff", BASE + BANNER + 3)],
)
def test_version_page_queries_do_not_grow_with_moments_and_behaviours(
    client_for,
    personas,
    organization,
    manager,
    journey,
    published_version,
    django_assert_num_queries,
    persona,
    expected,
):
    client = client_for(personas[persona])
    with django_assert_num_queries(expected):
        assert client.get(reverse("standards:version_detail", args=[1])).status_code == 200

    _grow_moments(journey)
    _republish(organization, manager)

    with django_assert_num_queries(expected):
        assert client.get(reverse("standards:version_detail", args=[2])).status_code == 200


@pytest.mark.parametrize(
    "persona, expected",
    # the journeys with their current version numbers, those versions; staff: their
    # acknowledgements and the banner
    [("executive", BASE + 2), ("staff", BASE + BANNER + 3)],
)
def test_my_standards_queries_do_not_grow_with_moments_and_behaviours(
    client_for,
    personas,
    organization,
    manager,
    journey,
    published_version,
    django_assert_num_queries,
    persona,
    expected,
):
    client = client_for(personas[persona])
    url = reverse("standards:my_standards")
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200

    _grow_moments(journey)
    _republish(organization, manager)

    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_coverage_queries_do_not_grow_with_staff_and_locations(
    client_for,
    manager,
    consultant,
    second_consultant,
    organization,
    location,
    second_location,
    published_version,
    django_assert_num_queries,
):
    client = client_for(manager)
    url = reverse("standards:coverage")
    # journeys with their current version numbers, those versions; per version: where
    # its journeys apply, counts per location, missing names
    expected = BASE + 5
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200

    _grow_staff(organization, location, second_location, published_version)

    with django_assert_num_queries(expected):
        response = client.get(url)
    assert "Staff8 Test" not in response.content.decode()  # sanity: only 8 were added
    assert "Staff1 Test" in response.content.decode()


def test_history_queries_do_not_grow_with_changes(
    client_for,
    manager,
    critical_moment,
    iron_behaviour,
    journey,
    django_assert_num_queries,
):
    client = client_for(manager)
    url = reverse("standards:history")
    expected = BASE + 2  # the page of records, and the records before them
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200

    _grow_behaviours(critical_moment, count=15)
    _grow_moments(journey)

    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.content.decode().count("<del>") >= 15


def test_version_list_queries_do_not_grow_with_versions(
    client_for,
    consultant,
    organization,
    manager,
    critical_moment,
    published_version,
    django_assert_num_queries,
):
    client = client_for(consultant)
    url = reverse("standards:version_list")
    expected = BASE + BANNER + 2  # the journeys that apply (current versions), the versions
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200

    for i in range(4):
        services.create_behaviour(moment=critical_moment, kind="iron", text=f"Extra {i}")
        _republish(organization, manager)

    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
