"""The review list: who sees which reviews, filters and pages (fixtures in conftest.py)."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.models import Review

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name, *args):
    return reverse(f"reviews:{name}", args=args)


# --- The review list ----------------------------------------------------------------------


@pytest.fixture
def three_reviews(manager, consultant, second_consultant, iron_behaviour, submit):
    """Stan observed (submitted), Sara mystery-shopped (submitted), and a draft about Stan."""
    stan = submit(reviewer=manager, consultant=consultant, results={iron_behaviour: "met"})
    sara = submit(
        reviewer=manager,
        consultant=second_consultant,
        kind="mystery_shop",
        results={iron_behaviour: "not_met"},
    )
    draft = services.start_review(
        organization=manager.organization,
        reviewer=manager,
        kind="call_review",
        consultant=consultant,
        location=consultant.location,
        moments=[iron_behaviour.moment],
        occurred_at=timezone.now() - timedelta(hours=3),
    )
    return SimpleNamespace(stan=stan, sara=sara, draft=draft)


def _listed(response):
    html = response.content.decode()
    return {
        pk
        for pk in Review.objects.values_list("pk", flat=True)
        if _url("review_detail", pk) in html
    }


def test_managers_see_every_review_of_the_organization(client_for, manager, three_reviews):
    response = client_for(manager).get(_url("review_list"))

    assert response.status_code == 200
    assert _listed(response) == {r.pk for r in vars(three_reviews).values()}
    html = response.content.decode()
    assert "Mystery shopping" in html and "Call review" in html
    assert "1/1" in html and "0/1" in html  # iron met / applicable


def test_staff_see_only_the_submitted_reviews_of_them(client_for, consultant, three_reviews):
    response = client_for(consultant).get(_url("review_list"))

    assert response.status_code == 200
    assert _listed(response) == {three_reviews.stan.pk}
    assert 'name="consultant"' not in response.content.decode()


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"kind": "mystery_shop"}, {"sara"}),
        ({"status": "draft"}, {"draft"}),
        ({"status": "submitted"}, {"stan", "sara"}),
        ({"status": "to_acknowledge"}, {"stan", "sara"}),
    ],
)
def test_the_list_filters_by_kind_and_status(client_for, manager, three_reviews, query, expected):
    response = client_for(manager).get(_url("review_list"), query)

    assert _listed(response) == {getattr(three_reviews, name).pk for name in expected}


def test_the_list_filters_by_consultant_and_location(
    client_for, admin_member, consultant, second_location, three_reviews
):
    # An admin: Alice manages Kraków, where the filters offer no other location.
    client = client_for(admin_member)

    by_consultant = client.get(_url("review_list"), {"consultant": consultant.pk})
    by_location = client.get(_url("review_list"), {"location": second_location.pk})

    assert _listed(by_consultant) == {three_reviews.stan.pk, three_reviews.draft.pk}
    assert _listed(by_location) == {three_reviews.sara.pk}


def test_filters_with_another_organizations_ids_are_refused(
    client_for, manager, three_reviews, rival
):
    response = client_for(manager).get(_url("review_list"), {"consultant": rival.consultant.pk})

    assert response.status_code == 400
    assert _listed(response) == set()


def test_htmx_filtering_answers_with_the_results_only(client_for, manager, three_reviews):
    response = client_for(manager).get(_url("review_list"), {"kind": "mystery_shop"}, **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="results">')
    assert _listed(response) == {three_reviews.sara.pk}


def test_the_list_is_paginated_by_fifty(client_for, manager, consultant, critical_moment):
    for i in range(51):
        services.start_review(
            organization=manager.organization,
            reviewer=manager,
            kind="observation",
            consultant=consultant,
            location=consultant.location,
            moments=[critical_moment],
            occurred_at=timezone.now() - timedelta(minutes=10 + i),
        )
    client = client_for(manager)

    first = client.get(_url("review_list"))
    second = client.get(_url("review_list"), {"page": 2})

    assert len(_listed(first)) == 50 and len(_listed(second)) == 1
    assert "Page 1 of 2" in first.content.decode()
    assert "?page=2" in first.content.decode()


def test_an_empty_list_explains_reviews(client_for, manager, consultant):
    response = client_for(manager).get(_url("review_list"))
    staff_response = client_for(consultant).get(_url("review_list"))

    assert response.status_code == staff_response.status_code == 200
    assert "Record the first review" in response.content.decode()
    assert "Review yourself after an interaction" in staff_response.content.decode()
