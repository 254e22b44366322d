"""/healthz says which dependency is down, with a 503, so an operator (or a load
balancer) sees a Redis outage or a dead worker instead of a cheerful "ok"."""

from datetime import timedelta

import pytest
from celery import Celery
from django.utils import timezone

from common import health
from common.models import Heartbeat
from common.tasks import WORKER, heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_app():
    """A Celery app with a broker that answers (in memory) and no eager mode: the
    deployment has a worker, whose heartbeat /healthz reads."""
    app = Celery("production", broker="memory://", set_as_current=False)
    yield app
    app.close()


@pytest.fixture
def stopped_broker_app(dead_redis_url):
    app = Celery("stopped", broker=dead_redis_url, set_as_current=False)
    app.conf.broker_transport_options = {"socket_connect_timeout": 0.5}
    yield app
    app.close()


def test_embedded_mode_reports_only_the_database(client, settings):
    settings.REDIS_URL = ""
    response = client.get("/healthz")

    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["database"]["status"] == "ok"
    assert {checks[name]["status"] for name in ("cache", "broker", "worker")} == {"not configured"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_redis_outage_is_a_503_naming_the_cache(settings, dead_redis_url, production_app):
    settings.REDIS_URL = dead_redis_url
    heartbeat()

    healthy, body = health.report(production_app)

    assert not healthy
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["status"] == "down"
    assert body["checks"]["database"]["status"] == "ok"


def test_a_stopped_broker_is_reported(stopped_broker_app):
    healthy, body = health.report(stopped_broker_app)

    assert not healthy
    assert body["checks"]["broker"]["status"] == "down"


def test_a_worker_without_a_recent_heartbeat_is_down(settings, production_app):
    settings.REDIS_URL = ""
    assert health.report(production_app)[1]["checks"]["worker"]["detail"] == "no heartbeat yet"

    heartbeat()
    healthy, body = health.report(production_app)
    assert healthy and body["checks"]["worker"]["status"] == "ok"

    Heartbeat.objects.filter(name=WORKER).update(beat_at=timezone.now() - timedelta(minutes=5))
    healthy, body = health.report(production_app)
    assert not healthy
    assert body["checks"]["worker"]["status"] == "down"
    assert "300 s ago" in body["checks"]["worker"]["detail"]


def test_liveness_answers_without_checking_dependencies(client, settings, dead_redis_url):
    settings.REDIS_URL = dead_redis_url

    response = client.get("/healthz?live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
