"""Query counts of the review list, the score sheet and "My situations", pinned and shown
not to grow with more reviews, moments and behaviours.

Every logged-in page costs 4 queries around the view: the session, the user, the
membership (middleware) and the organization switcher in base.html. Staff pages add one
for the "new standards" banner.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from reviews import services
from standards import services as standards_services
from tests.personas import add_person
from touchpoints import services as touchpoint_services

BASE = 4  # session, user, membership, organization switcher
BANNER = 1  # staff only: latest unacknowledged version

# consultant and location filter choices, count, page, moments of the page
LIST_MANAGER = BASE + 5
# staff filter only by kind and status: count, page, moments of the page
LIST_STAFF = BASE + BANNER + 3
# the review, the sheet (items, moments, behaviours), the correction if submitted
DETAIL_DRAFT = BASE + 4
DETAIL_SUBMITTED = BASE + 5
# moments, their behaviours, open self-review drafts, reviews waiting for acknowledgement
SITUATIONS_STAFF = BASE + BANNER + 4
SITUATIONS_MANAGER = BASE + 2


def _grow_moments(journey, count=4):
    """More moments of truth, each with iron and master behaviours."""
    touchpoint = touchpoint_services.create_touchpoint(journey=journey, name="Paying")
    moments = []
    for i in range(count):
        moment = touchpoint_services.create_moment(
            touchpoint=touchpoint, name=f"Moment {i}", is_critical=True
        )
        for j in range(3):
            standards_services.create_behaviour(
                moment=moment, kind="iron" if j % 2 else "master", text=f"Behaviour {i}.{j}"
            )
        moments.append(moment)
    return moments


def _review(reviewer, consultant, moments, *, submit=True, kind="observation", hours=1):
    review = services.start_review(
        organization=consultant.organization,
        reviewer=reviewer,
        kind=kind,
        consultant=consultant,
        location=consultant.location,
        moments=moments,
        occurred_at=timezone.now() - timedelta(hours=hours),
    )
    for behaviour in services.expected_behaviours(review):
        services.score_item(review=review, behaviour=behaviour, result="met")
    return services.submit_review(review=review) if submit else review


def _grow_reviews(manager, consultant, second_consultant, moments, count=6):
    for i in range(count):
        who = consultant if i % 2 else second_consultant
        _review(manager, who, moments[: 1 + i % len(moments)], submit=bool(i % 3), hours=2 + i)
    _review(consultant, consultant, moments[:1], kind="self", hours=30)


@pytest.mark.parametrize("persona, expected", [("manager", LIST_MANAGER), ("staff", LIST_STAFF)])
def test_review_list_queries_do_not_grow_with_reviews_and_moments(
    client_for,
    personas,
    manager,
    consultant,
    second_consultant,
    journey,
    critical_moment,
    iron_behaviour,
    published_version,
    django_assert_num_queries,
    persona,
    expected,
):
    _review(manager, consultant, [critical_moment])
    client = client_for(personas[persona])
    url = reverse("reviews:review_list")
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200

    moments = [critical_moment, *_grow_moments(journey)]
    _grow_reviews(manager, consultant, second_consultant, moments)

    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('data-label="Review"') >= 4  # staff: their own


@pytest.mark.parametrize(
    "persona, submit, expected",
    [
        ("manager", False, DETAIL_DRAFT),
        ("manager", True, DETAIL_SUBMITTED),
        ("executive", True, DETAIL_SUBMITTED),
        ("staff", True, DETAIL_SUBMITTED + BANNER),
    ],
)
def test_score_sheet_queries_do_not_grow_with_moments_and_behaviours(
    client_for,
    personas,
    manager,
    consultant,
    second_consultant,
    journey,
    critical_moment,
    iron_behaviour,
    master_behaviour,
    published_version,
    django_assert_num_queries,
    persona,
    submit,
    expected,
):
    client = client_for(personas[persona])
    small = _review(manager, consultant, [critical_moment], submit=submit)
    with django_assert_num_queries(expected):
        assert client.get(reverse("reviews:review_detail", args=[small.pk])).status_code == 200

    moments = [critical_moment, *_grow_moments(journey)]
    _grow_reviews(manager, consultant, second_consultant, moments)
    big = _review(manager, consultant, moments, submit=submit)

    with django_assert_num_queries(expected):
        response = client.get(reverse("reviews:review_detail", args=[big.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="scorerow') == 2 + 4 * 3


@pytest.mark.parametrize(
    "persona, expected", [("staff", SITUATIONS_STAFF), ("manager", SITUATIONS_MANAGER)]
)
def test_my_situations_queries_do_not_grow_with_moments_behaviours_and_reviews(
    client_for,
    personas,
    manager,
    consultant,
    second_consultant,
    journey,
    critical_moment,
    iron_behaviour,
    master_behaviour,
    published_version,
    django_assert_num_queries,
    persona,
    expected,
):
    client = client_for(personas[persona])
    url = reverse("reviews:my_situations")
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200

    moments = [critical_moment, *_grow_moments(journey)]
    _grow_reviews(manager, consultant, second_consultant, moments)
    for moment in moments[:3]:
        services.start_self_review(membership=consultant, moment=moment)

    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    assert "Behaviour 3.2" in response.content.decode()


def test_my_situations_asks_for_locations_once_for_staff_without_one(
    client_for,
    organization,
    second_location,
    journey,
    critical_moment,
    iron_behaviour,
    django_assert_num_queries,
):
    nomad = add_person(organization, "nina", Role.STAFF)
    client = client_for(nomad)
    url = reverse("reviews:my_situations")
    expected = SITUATIONS_STAFF + 1  # the locations to choose from
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200

    _grow_moments(journey)

    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.content.decode().count('name="location"') == 5
