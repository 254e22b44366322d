"""/api/v1/competitor-practices/: list (by moment), read, record and delete what
competitors do at our moments. Photos are uploaded in the web UI only."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from standards.models import CompetitorPractice
from standards.practices import services as practice_services

from .test_query_counts import KEY_LOOKUP

URL = "/api/v1/competitor-practices/"


@pytest.fixture
def body(aurora):
    def make(**overrides):
        return {
            "moment": aurora.moments[0].pk,
            "competitor": "  Cafe   Nero ",
            "industry": "Coffee",
            "where": "Kraków, Floriańska",
            "observed_on": "2025-03-01",
            "description": "They write the guest's name on the cup",
            "rating": 4,
            **overrides,
        }

    return make


@pytest.fixture
def unchanged(aurora_practices, rival_practice):
    before = list(CompetitorPractice.objects.order_by("pk").values())
    yield
    assert list(CompetitorPractice.objects.order_by("pk").values()) == before


def test_it_lists_reads_records_and_deletes(api, aurora, aurora_practices, body, organization):
    listed = api.get(URL).json()
    assert {row["id"] for row in listed["results"]} == {p.pk for p in aurora_practices}

    created = api.post(URL, body(), format="json")
    assert created.status_code == 201, created.json()
    practice = CompetitorPractice.objects.get(pk=created.json()["id"])
    assert practice.organization == organization and practice.created_by is None
    assert created.json()["competitor"] == "Cafe Nero"  # collapsed, like in the web UI
    assert created.json()["photo"] is None and created.json()["created_by"] is None

    fetched = api.get(f"{URL}{practice.pk}/")
    assert fetched.status_code == 200 and fetched.json() == created.json()

    assert api.delete(f"{URL}{practice.pk}/").status_code == 204
    assert api.get(f"{URL}{practice.pk}/").status_code == 404


def test_a_manager_records_in_her_name(session_api, manager, body):
    response = session_api(manager).post(URL, body(), format="json")
    assert response.status_code == 201
    assert response.json()["created_by"] == "Alice Test"


def test_it_filters_by_moment(api, aurora, aurora_practices):
    rows = api.get(f"{URL}?moment={aurora.moments[1].pk}").json()["results"]
    assert [row["id"] for row in rows] == [aurora_practices[2].pk]


def test_a_photo_is_a_link_for_signed_in_members(api, aurora_practices):
    practice = aurora_practices[0]
    CompetitorPractice.objects.filter(pk=practice.pk).update(photo="competitors/2025/03/menu.jpg")
    photo = api.get(f"{URL}{practice.pk}/").json()["photo"]
    assert photo == f"http://testserver/reviews/practices/competitors/{practice.pk}/photo/"


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"competitor": "X"}, {"competitor": ["Ensure this field has at least 2 characters."]}),
        (
            {"description": " ok "},
            {"description": ["Ensure this field has at least 3 characters."]},
        ),
        ({"rating": 6}, {"rating": ["Ensure this value is less than or equal to 5."]}),
        ({"rating": 0}, {"rating": ["Ensure this value is greater than or equal to 1."]}),
        ({"rating": "4"}, {"rating": ["A valid integer is required."]}),
        ({"rating": 4.0}, {"rating": ["A valid integer is required."]}),
        ({"observed_on": "2025-3-1"}, {"observed_on": ["Enter a date as YYYY-MM-DD."]}),
        ({"moment": 999_999}, {"moment": ["Unknown moment."]}),
    ],
)
def test_bad_input_is_a_400_and_saves_nothing(api, unchanged, body, overrides, errors):
    response = api.post(URL, body(**overrides), format="json")
    assert response.status_code == 400
    assert response.json() == errors


def test_a_date_in_the_future_is_refused(api, unchanged, body):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = api.post(URL, body(observed_on=tomorrow), format="json")
    assert response.status_code == 400
    assert response.json() == {"observed_on": ["The date cannot be in the future."]}


def test_a_moment_of_another_organization_is_unknown(api, unchanged, body, rival):
    response = api.post(URL, body(moment=rival.moments[0].pk), format="json")
    assert response.json() == {"moment": ["Unknown moment."]}


def test_practices_cannot_be_edited(api, aurora_practices, body):
    practice = aurora_practices[0]
    assert api.put(f"{URL}{practice.pk}/", body(), format="json").status_code == 405
    assert api.patch(f"{URL}{practice.pk}/", {"rating": 1}, format="json").status_code == 405


def test_list_and_detail_queries_are_fixed(
    api, aurora, manager, aurora_practices, keys_touched_now, django_assert_num_queries
):

    for rows in (1, 10):
        for number in range(rows):
            practice_services.record_competitor_practice(
                organization=manager.organization,
                moment=aurora.moments[number % 2],
                competitor=f"Competitor {number}",
                observed_on=date(2025, 1, 1),
                description="Something remarkable",
                rating=3,
                by=manager.user,
            )
        keys_touched_now()
        with django_assert_num_queries(KEY_LOOKUP + 2):  # COUNT and the page
            assert api.get(URL).status_code == 200
    keys_touched_now()
    with django_assert_num_queries(KEY_LOOKUP + 1):
        assert api.get(f"{URL}{aurora_practices[0].pk}/").status_code == 200
