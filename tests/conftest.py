"""Personas shared by every test.

Bistro Aurora has Alice (manager), Stan and Sara (staff consultants), Eve (executive)
and Adam (admin). Oscar manages Rival Bank, another organization, and must never see
Aurora's data.
"""

import os
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from accounts import services as account_services
from accounts.choices import Role
from dashboards.models import DriverDaily
from reviews import services as review_services
from standards import services as standards_services
from tests.personas import add_person
from touchpoints import services as touchpoint_services


def pytest_configure(config):
    """pytest-xdist runs the suite in parallel processes against one Redis: each process
    counts down from the database number given (gw0 keeps it), so one process's flush never
    empties another's cache or queue. The variable is set too, for the Celery workers the
    integration tests start, which must share their process's broker. Nothing has touched
    the cache or Celery yet (this runs before collection)."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not (settings.REDIS_URL and worker.startswith("gw")):
        return
    url = urlsplit(settings.REDIS_URL)
    number = (int(url.path.strip("/") or 0) - int(worker[2:])) % 16
    redis_url = urlunsplit(url._replace(path=f"/{number}"))
    os.environ["REDIS_URL"] = settings.REDIS_URL = redis_url
    settings.CACHES["default"]["LOCATION"] = redis_url
    settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = redis_url

    from cxm.celery import app

    app.conf.update(broker_url=redis_url, result_backend=redis_url)


def pytest_collection_modifyitems(config, items):
    """Every test that drives a browser is an e2e test, wherever it lives (`-m "not e2e"`
    is the quick loop)."""
    for item in items:
        if "page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def organization(db):
    return account_services.create_organization(name="Bistro Aurora", slug="aurora")


@pytest.fixture
def other_organization(db):
    return account_services.create_organization(name="Rival Bank", slug="rival")


@pytest.fixture
def location(organization):
    return account_services.save_location(
        organization=organization, name="Kraków Rynek", code="krk", time_zone="Europe/Warsaw"
    )


@pytest.fixture
def second_location(organization):
    return account_services.save_location(
        organization=organization, name="Warszawa Mokotów", code="waw", time_zone="Europe/Warsaw"
    )


@pytest.fixture
def manager(organization, location):
    return add_person(organization, "alice", Role.MANAGER, location=location)


@pytest.fixture
def consultant(organization, location):
    return add_person(organization, "stan", Role.STAFF, location=location, employee_code="E001")


@pytest.fixture
def second_consultant(organization, second_location):
    return add_person(
        organization, "sara", Role.STAFF, location=second_location, employee_code="E002"
    )


@pytest.fixture
def executive(organization):
    return add_person(organization, "eve", Role.EXECUTIVE)


@pytest.fixture
def admin_member(organization):
    return add_person(organization, "adam", Role.ADMIN)


@pytest.fixture
def outsider(other_organization):
    return add_person(other_organization, "oscar", Role.MANAGER)


@pytest.fixture
def personas(manager, consultant, executive, admin_member, outsider):
    """Every role of Aurora plus Oscar from Rival Bank, by role name."""
    return {
        "manager": manager,
        "staff": consultant,
        "executive": executive,
        "admin": admin_member,
        "outsider": outsider,
    }


@pytest.fixture
def client_for():
    """A logged-in test client for a membership."""

    def make(membership) -> Client:
        client = Client()
        client.force_login(membership.user)
        return client

    return make


@pytest.fixture
def journey(organization):
    """A restaurant journey: one touchpoint with a critical and a plain moment."""
    journey = touchpoint_services.create_journey(organization=organization, name="Dinner")
    ordering = touchpoint_services.create_touchpoint(
        journey=journey, name="Ordering", channel="in_person"
    )
    touchpoint_services.create_moment(
        touchpoint=ordering,
        name="Taking the order",
        is_critical=True,
        customer_expectation="Someone comes within two minutes",
    )
    touchpoint_services.create_moment(touchpoint=ordering, name="Menu questions")
    return journey


@pytest.fixture
def critical_moment(journey):
    return journey.touchpoints.get().moments.get(is_critical=True)


@pytest.fixture
def iron_behaviour(critical_moment):
    return standards_services.create_behaviour(
        moment=critical_moment,
        kind="iron",
        text="Greet the table within two minutes",
        example="“Good evening, I'm Stan, I'll look after you tonight.”",
    )


@pytest.fixture
def master_behaviour(critical_moment):
    return standards_services.create_behaviour(
        moment=critical_moment,
        kind="master",
        text="Recall the guest's usual order and preferences",
    )


@pytest.fixture
def second_master(critical_moment):
    return standards_services.create_behaviour(
        moment=critical_moment, kind="master", text="Suggest a dish from the guest's history"
    )


@pytest.fixture
def published_version(organization, manager, iron_behaviour, master_behaviour):
    return standards_services.publish_standards(organization=organization, by=manager.user)


@pytest.fixture
def submit():
    """Record and submit a review in one call: results maps behaviour → result (the review
    pages, the compliance figures and the dashboards all start from submitted reviews)."""

    def make(*, reviewer, consultant, results, kind="observation", days_ago=1, note="", **extra):
        review = review_services.start_review(
            organization=consultant.organization,
            reviewer=reviewer,
            kind=kind,
            consultant=consultant,
            location=consultant.location,
            moments={behaviour.moment for behaviour in results},
            occurred_at=timezone.now() - timedelta(days=days_ago),
            **extra,
        )
        review_services.score_sheet(review=review, results=results)
        return review_services.submit_review(review=review, coaching_note=note)

    return make


@pytest.fixture
def driver_day(organization, consultant, critical_moment):
    def add(behaviour, *, days_ago: int, met: int, not_met: int):
        day = timezone.localdate() - timedelta(days=days_ago)
        for is_met, n in ((True, met), (False, not_met)):
            DriverDaily.objects.create(
                organization=organization,
                day=day,
                location=consultant.location,
                consultant=consultant,
                moment=critical_moment,
                behaviour=behaviour,
                kind=behaviour.kind,
                met=is_met,
                n=n,
                promoters=n // 2,
                detractors=n // 4,
            )

    return add


@pytest.fixture
def thin_quarter(driver_day, iron_behaviour, master_behaviour):
    """This quarter: the master behaviour 45 met / 20 not met, the iron one 50 / 4.
    Half a year ago: 15 more not met of the master one, so a year has enough."""
    driver_day(master_behaviour, days_ago=10, met=45, not_met=20)
    driver_day(iron_behaviour, days_ago=10, met=50, not_met=4)
    driver_day(master_behaviour, days_ago=200, met=10, not_met=15)


@pytest.fixture(autouse=True)
def eager_celery(request):
    """Run tasks in-process, except in integration tests that talk to a real worker."""
    from cxm.celery import app

    if request.node.get_closest_marker("integration"):
        yield
        return
    previous = app.conf.task_always_eager
    # Both spellings: the app reads its settings under the CELERY_ namespace, and Celery
    # 5.6 looks the namespaced key up first.
    app.conf.update(task_always_eager=True, CELERY_TASK_ALWAYS_EAGER=True)
    yield
    app.conf.update(task_always_eager=previous, CELERY_TASK_ALWAYS_EAGER=previous)


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language. Django keeps the active language per
    thread, and a request in Romanian (or a test that switched) leaves it set for whatever
    the process runs next: which test follows which depends on the xdist schedule."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def roomy_api_limits(settings):
    """Tests send many requests with one key; tests/api/test_throttles.py sets real limits."""
    settings.API_THROTTLE_RATES = {"api_key": "100000/minute", "user": "100000/minute"}


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def empty_cache_at_start():
    """The test database is new each run, so ids repeat from one run to the next: a
    Redis cache kept from an earlier run would answer with its figures and debounce keys.
    (Nothing of this run is queued yet, so emptying the shared broker loses nothing.)"""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def fresh_local_cache():
    """Throttles and rollup debouncing live in the cache: each test starts with an empty
    local-memory cache. (With Redis the ids never repeat within a run, and flushing would
    also empty the Celery broker that shares the database.)"""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()
    yield
