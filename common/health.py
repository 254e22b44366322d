"""What /healthz reports: each dependency the deployment configured, checked on its own.

- database: a query answers;
- cache: Redis answers a PING (when REDIS_URL is set);
- broker: the Celery broker accepts a connection (when it is not the embedded one);
- worker: a worker ran the half-minute heartbeat recently (when there is a broker).

A dependency that is not configured (the embedded mode has no Redis and no worker) is
reported as "not configured" and never fails the check.
"""

import time
from dataclasses import dataclass
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import connection
from django.utils import timezone

WORKER_STALE_AFTER = timedelta(seconds=120)
TIMEOUT_SECONDS = 2


@dataclass
class Check:
    name: str
    ok: bool
    detail: str = ""
    configured: bool = True

    def as_dict(self) -> dict:
        status = "ok" if self.ok else "down"
        if not self.configured:
            status = "not configured"
        return {"status": status, "detail": self.detail}


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Check("database", True, connection.vendor)
    except Exception as exc:  # any failure is the answer here, not an error
        return Check("database", False, str(exc)[:200])


def check_cache() -> Check:
    if not settings.REDIS_URL:
        return Check("cache", True, "local memory", configured=False)
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL,
            socket_connect_timeout=TIMEOUT_SECONDS,
            socket_timeout=TIMEOUT_SECONDS,
        )
        client.ping()
        client.close()
        return Check("cache", True, "redis")
    except Exception as exc:
        return Check("cache", False, str(exc)[:200])


def check_broker(app) -> Check:
    if app.conf.task_always_eager:
        return Check("broker", True, "tasks run in-process", configured=False)
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=TIMEOUT_SECONDS)
        return Check("broker", True, str(conn.transport_cls))
    except Exception as exc:
        return Check("broker", False, str(exc)[:200])


def check_worker(app) -> Check:
    from .models import Heartbeat
    from .tasks import WORKER

    if app.conf.task_always_eager:
        return Check("worker", True, "tasks run in-process", configured=False)
    try:
        beat = Heartbeat.objects.filter(name=WORKER).values_list("beat_at", flat=True).first()
    except Exception as exc:
        return Check("worker", False, str(exc)[:200])
    if beat is None:
        return Check("worker", False, "no heartbeat yet")
    age = timezone.now() - beat
    detail = f"last heartbeat {int(age.total_seconds())} s ago"
    return Check("worker", age <= WORKER_STALE_AFTER, detail)


def report(app=None) -> tuple[bool, dict]:
    """(healthy, body): healthy when every configured dependency is up. `app`: the
    Celery app whose broker and worker to check (the project's by default)."""
    app = app or current_app
    started = time.monotonic()
    checks = [check_database(), check_cache(), check_broker(app), check_worker(app)]
    healthy = all(check.ok for check in checks)
    body = {
        "status": "ok" if healthy else "degraded",
        "checks": {check.name: check.as_dict() for check in checks},
        "took_ms": round((time.monotonic() - started) * 1000),
    }
    return healthy, body
