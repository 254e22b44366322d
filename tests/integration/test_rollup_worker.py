"""A response posted through the API reaches the rollup through a real Celery worker."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from dashboards.models import SurveyDaily
from surveys.models import Response

pytestmark = pytest.mark.integration


def _pos(organization) -> APIClient:
    """A till posting answers with the organization's API key."""
    _key, raw = account_services.create_api_key(organization=organization, name="POS", by=None)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw}")
    return client


@pytest.mark.django_db(transaction=True)
def test_worker_rolls_up_a_response_posted_through_the_api(
    celery_worker_process, organization, consultant
):
    client = _pos(organization)
    body = {
        "metric": "nps",
        "score": 4,
        "consultant": "E001",
        "submitted_at": (timezone.now() - timedelta(minutes=5)).isoformat(),
        "external_id": "pos-1",
    }
    assert client.post("/api/v1/responses/", body, format="json").status_code == 201
    # A retry is the same response, and the rollup still counts it once.
    assert client.post("/api/v1/responses/", body, format="json").status_code == 200
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not SurveyDaily.objects.exists():
        time.sleep(0.2)
    row = SurveyDaily.objects.get()
    assert (row.n, row.detractors, row.consultant_id) == (1, 1, consultant.pk)
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_response_posted_through_the_api_shows_in_the_scores_within_ten_seconds(
    celery_worker_process, organization, consultant
):
    client = _pos(organization)
    scores = "/api/v1/scores/?metric=nps&group_by=consultant"
    assert client.get(scores).json()["totals"]["n"] == 0
    body = {
        "metric": "nps",
        "score": 10,
        "consultant": "E001",
        "submitted_at": (timezone.now() - timedelta(minutes=1)).isoformat(),
        "external_id": "pos-2",
    }
    posted = time.monotonic()
    assert client.post("/api/v1/responses/", body, format="json").status_code == 201
    while time.monotonic() - posted < 10:
        results = client.get(scores).json()["results"]
        if results:
            break
        time.sleep(0.2)
    assert [(row["key"], row["n"], row["promoters"], row["score"]) for row in results] == [
        (consultant.pk, 1, 1, 100.0)
    ]


@pytest.mark.django_db(transaction=True)
def test_the_worker_computes_a_viewed_dashboard_again_after_an_answer(
    celery_worker_process, organization, consultant, executive, django_assert_num_queries
):
    from django.test import Client

    from dashboards import figure_cache

    viewer = Client()
    viewer.force_login(executive.user)
    assert viewer.get("/dashboards/").context["tiles"]["responses"] == 0
    token = figure_cache.generation(organization.pk)
    client = _pos(organization)
    body = {
        "metric": "nps",
        "score": 9,
        "consultant": "E001",
        "submitted_at": (timezone.now() - timedelta(minutes=1)).isoformat(),
    }
    assert client.post("/api/v1/responses/", body, format="json").status_code == 201
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        changed = figure_cache.generation(organization.pk) != token
        if changed and not figure_cache.missing(organization.pk):
            break
        time.sleep(0.2)
    assert changed and not figure_cache.missing(organization.pk)
    # The next view reads what the worker computed: no aggregate query in the request.
    with django_assert_num_queries(6):
        page = viewer.get("/dashboards/")
    assert page.context["tiles"]["responses"] == 1
