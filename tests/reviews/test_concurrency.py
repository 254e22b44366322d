"""Double clicks and retried requests racing on a real database create one review."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from reviews import services
from reviews.models import Review

pytestmark = pytest.mark.django_db(transaction=True)


def _race(times: int, work):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the PostgreSQL pass of .ci/run runs this race")

    def run(_):
        try:
            return work()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(run, range(times)))


def test_parallel_creates_with_one_client_token_make_one_draft(
    manager, consultant, critical_moment
):
    def create():
        return services.start_review(
            organization=consultant.organization,
            reviewer=manager,
            kind="observation",
            consultant=consultant,
            location=consultant.location,
            moments=[critical_moment],
            occurred_at=timezone.now() - timedelta(hours=1),
            client_token="double-click",
        ).pk

    ids = _race(8, create)
    assert len(set(ids)) == 1 and Review.objects.count() == 1


def test_parallel_submits_submit_once(manager, consultant, iron_behaviour, critical_moment):
    review = services.start_review(
        organization=consultant.organization,
        reviewer=manager,
        kind="observation",
        consultant=consultant,
        location=consultant.location,
        moments=[critical_moment],
        occurred_at=timezone.now() - timedelta(hours=1),
    )
    services.score_item(review=review, behaviour=iron_behaviour, result="met")
    submitted = _race(8, lambda: services.submit_review(review=review).submitted_at)
    assert len(set(submitted)) == 1
    assert Review.objects.get().status == "submitted"
