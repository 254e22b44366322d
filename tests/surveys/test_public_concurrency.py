"""Twenty customers (or one impatient one) submit the same single-use link at once, on
the real database: exactly one answer is saved, the rest are told the link is used."""

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client

from surveys.intake import services
from surveys.models import Response, SurveyLink

pytestmark = pytest.mark.django_db(transaction=True)

TIMES = 20


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def _race(work):
    """Run `work(i)` in TIMES threads, each with its own connection, released together."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the PostgreSQL pass of .ci/run runs this race")
    start = Barrier(TIMES)

    def run(i):
        try:
            start.wait(timeout=30)
            return work(i)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=TIMES) as pool:
        return list(pool.map(run, range(TIMES)))


def test_parallel_submissions_of_one_single_use_link_save_one_response(single_link):
    def submit(i):
        # Each customer's request loads the link afresh, as the view does.
        link = SurveyLink.objects.select_related("survey", "consultant").get(pk=single_link.pk)
        try:
            services.submit_via_link(link=link, score=i % 11, comment=f"attempt {i}")
        except services.LinkClosed as closed:
            return closed.reason
        return "saved"

    outcomes = Counter(_race(submit))

    assert outcomes == {"saved": 1, "used": TIMES - 1}
    assert Response.objects.filter(link=single_link).count() == 1


def test_parallel_posts_to_one_single_use_link_save_one_response(single_link):
    def post(i):
        return Client().post(f"/s/{single_link.token}/?lang=pl", {"score": str(i % 11)}).status_code

    codes = Counter(_race(post))

    assert codes == {302: 1, 410: TIMES - 1}
    assert Response.objects.filter(link=single_link).count() == 1
    single_link.refresh_from_db()
    assert single_link.used_at is not None
