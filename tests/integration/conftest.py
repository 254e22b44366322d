"""Real services: a Celery worker against Redis and the test database (run in CI)."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def require_real_services():
    if settings.REDIS_URL and connection.vendor != "sqlite":
        return
    # The embedded pass has no broker and an in-memory database a worker cannot share;
    # .ci/run's second pass (PostgreSQL + Redis) runs these.
    pytest.skip("needs REDIS_URL and PostgreSQL (the second pass of .ci/run)")


@pytest.fixture
def celery_worker_process(transactional_db):
    """A real `celery worker` subprocess that uses the same (test) database."""
    require_real_services()
    from cxm.celery import app

    app.control.purge()
    env = dict(os.environ)
    db = connection.settings_dict
    env["DATABASE_URL"] = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "cxm",
            "worker",
            "-l",
            "warning",
            "--concurrency=1",
            "--pool=solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            break
        if process.poll() is not None:
            pytest.fail("the Celery worker exited at start")
    else:
        process.terminate()
        pytest.fail("the Celery worker did not answer within 30 s")
    yield process
    process.terminate()
    process.wait(timeout=20)
