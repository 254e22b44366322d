"""Query counts of the compliance, consultant, location and practices pages, pinned and
shown not to grow with more reviews, consultants, locations, behaviours or practices.

Every logged-in page costs 4 queries around the view: the session, the user, the
membership (middleware) and the organization switcher in base.html; staff pages add one
for the "new standards" banner. An htmx filter change renders no base.html: 3.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services as account_services
from accounts.choices import Role
from standards import services as standards_services
from standards.practices import services as practice_services
from tests.personas import add_person

BASE = 4  # session, user, membership, organization switcher
BANNER = 1  # staff only: latest unacknowledged version
HTMX_BASE = 3  # session, user, membership: no base.html
# compliance page: location and moment options; totals; behaviour, moment, consultant,
# location and month groupings
COMPLIANCE = 2 + 1 + 5
# consultant page: the consultant; totals; moment and behaviour groupings; latest
# reviews; best practices
CONSULTANT = 1 + 1 + 2 + 1 + 1
# location page: the location; totals; consultant and moment groupings
LOCATION = 1 + 1 + 2
# practices page: latest version; moments; behaviours, competitor practices, best
# practices and the behaviours they link to
PRACTICES = 1 + 1 + 4


@pytest.fixture
def seeded(manager, consultant, critical_moment, iron_behaviour, master_behaviour, submit):
    """One review and one practice of each kind, so every prefetch runs from the start."""
    submit(
        reviewer=manager,
        consultant=consultant,
        results={iron_behaviour: "met", master_behaviour: "not_met"},
    )
    practice_services.record_competitor_practice(
        organization=manager.organization,
        moment=critical_moment,
        competitor="Hotel Europa",
        observed_on=timezone.localdate(),
        description="Greets regulars by name",
        rating=4,
    )
    practice = practice_services.record_best_practice(
        organization=manager.organization,
        consultant=consultant,
        moment=critical_moment,
        description="Remembers the usual order",
        behaviours=[master_behaviour],
    )
    practice_services.promote_best_practice(practice=practice)


def _grow(organization, manager, consultant, journey, submit, count=4):
    """More locations, consultants, moments, behaviours, reviews over months, practices."""
    touchpoint = journey.touchpoints.get()
    for i in range(count):
        location = account_services.save_location(
            organization=organization, name=f"Branch {i}", code=f"b{i}"
        )
        member = add_person(
            organization, f"staff{i}", Role.STAFF, location=location, employee_code=f"G{i}"
        )
        moment = touchpoint.moments.create(name=f"Moment {i}", is_critical=True, order=10 + i)
        iron = standards_services.create_behaviour(moment=moment, kind="iron", text=f"Iron {i}")
        master = standards_services.create_behaviour(
            moment=moment, kind="master", text=f"Master {i}"
        )
        for days_ago, who in ((1, member), (35, member), (70, consultant)):
            submit(
                reviewer=manager,
                consultant=who,
                results={iron: "met" if i % 2 else "not_met", master: "na"},
                days_ago=days_ago + i,
            )
        practice_services.record_competitor_practice(
            organization=organization,
            moment=moment,
            competitor=f"Rival {i}",
            observed_on=timezone.localdate() - timedelta(days=i),
            description="Something remarkable",
            rating=3,
        )
        practice = practice_services.record_best_practice(
            organization=organization,
            consultant=member,
            moment=moment,
            description=f"Best practice {i}",
            behaviours=[iron, master],
        )
        if i % 2:
            practice_services.promote_best_practice(practice=practice)


def _assert_stable(client, url, expected, grow, django_assert_num_queries, **extra):
    with django_assert_num_queries(expected):
        assert client.get(url, **extra).status_code == 200
    grow()
    with django_assert_num_queries(expected):
        assert client.get(url, **extra).status_code == 200


@pytest.fixture
def grow(organization, manager, consultant, journey, submit, seeded):
    return lambda: _grow(organization, manager, consultant, journey, submit)


@pytest.mark.parametrize("persona", ["manager", "executive", "admin"])
def test_compliance_page_queries_do_not_grow(
    client_for, personas, grow, django_assert_num_queries, persona
):
    _assert_stable(
        client_for(personas[persona]),
        reverse("reviews:compliance"),
        BASE + COMPLIANCE,
        grow,
        django_assert_num_queries,
    )


def test_filtered_compliance_page_adds_only_the_lookups_of_chosen_filters(
    client_for, manager, location, critical_moment, grow, django_assert_num_queries
):
    url = f"{reverse('reviews:compliance')}?period=90&kind=observation&location={location.pk}"
    url += f"&moment={critical_moment.pk}"
    # The chosen location and moment are each looked up once to validate them.
    _assert_stable(client_for(manager), url, BASE + COMPLIANCE + 2, grow, django_assert_num_queries)


def test_htmx_filter_change_queries_do_not_grow(
    client_for, manager, grow, django_assert_num_queries
):
    # The partial renders no filter form, so no option lists either.
    _assert_stable(
        client_for(manager),
        f"{reverse('reviews:compliance')}?period=30",
        HTMX_BASE + COMPLIANCE - 2,
        grow,
        django_assert_num_queries,
        HTTP_HX_REQUEST="true",
    )


@pytest.mark.parametrize("persona, expected", [("manager", BASE), ("staff", BASE + BANNER)])
def test_consultant_page_queries_do_not_grow(
    client_for, personas, consultant, grow, django_assert_num_queries, persona, expected
):
    _assert_stable(
        client_for(personas[persona]),
        reverse("reviews:consultant_detail", args=[consultant.pk]),
        expected + CONSULTANT,
        grow,
        django_assert_num_queries,
    )


def test_location_page_queries_do_not_grow(
    client_for, executive, location, grow, django_assert_num_queries
):
    _assert_stable(
        client_for(executive),
        reverse("reviews:location_detail", args=[location.pk]),
        BASE + LOCATION,
        grow,
        django_assert_num_queries,
    )


def test_practices_page_queries_do_not_grow(client_for, manager, grow, django_assert_num_queries):
    _assert_stable(
        client_for(manager),
        reverse("reviews:practices"),
        BASE + PRACTICES,
        grow,
        django_assert_num_queries,
    )
