"""Fault injection on real processes (PostgreSQL pass of CI): a private Redis stopped
and started again, a worker's child killed with SIGKILL, a Redis restart under a worker
that holds a task. Customers' answers are saved exactly once and acknowledged
normally, and the rollups catch up with no manual step within a minute."""

import json
import os
import re
import signal
import time
from datetime import timedelta

import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts import services as account_services
from dashboards import rollups
from dashboards.models import PendingSlice, SurveyDaily
from surveys.forms.services import create_survey
from surveys.links.services import create_link
from surveys.models import ImportBatch, Response

from .conftest import require_real_services
from .stack import Stack, alive, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

CATCH_UP_SECONDS = 60


@pytest.fixture
def stack(transactional_db, tmp_path):
    require_real_services()
    running = Stack(tmp=tmp_path)
    try:
        running.start()
        yield running
    finally:
        running.stop()


@pytest.fixture
def stack_without_sweep(transactional_db, tmp_path):
    """The stack with beat's sweep far away: only the wake-ups sent by requests run."""
    require_real_services()
    running = Stack(tmp=tmp_path)
    try:
        running.start(sweep_seconds=3600)
        yield running
    finally:
        running.stop()


@pytest.fixture
def bistro(organization, location, consultant, manager, executive, critical_moment):
    """Aurora with an NPS survey, a single-use link and a QR code for Stan, and a till's
    API key."""
    survey = create_survey(
        organization=organization, name="Dinner NPS", metric="nps", moment=critical_moment
    )
    _key, raw = account_services.create_api_key(organization=organization, name="Till", by=None)
    return {
        "organization": organization,
        "single": create_link(survey=survey, kind="single", consultant=consultant),
        "qr": create_link(survey=survey, kind="reusable", consultant=consultant),
        "api_key": raw,
        "executive": executive,
        "manager": manager,
    }


def _till(stack, raw_key):
    session = requests.Session()
    session.headers["Authorization"] = f"Api-Key {raw_key}"
    return session


def _signed_in(stack, membership):
    """A browser signed in as the membership's user (the session is in the database,
    which the web processes share)."""
    client = Client()
    client.force_login(membership.user)
    session = requests.Session()
    session.cookies.set(
        settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
    )
    return session


def _import(stack, manager, scores) -> str:
    """The manager uploads a CSV file and starts the import; returns the batch's page."""
    browser = _signed_in(stack, manager)
    upload = stack.url("/surveys/responses/import/")
    page = browser.get(upload, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    when = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    text = "submitted_at,metric,score,consultant\n" + "".join(
        f"{when},nps,{score},E001\n" for score in scores
    )
    preview = browser.post(
        upload,
        data={"csrfmiddlewaretoken": token},
        files={"file": ("till-export.csv", text.encode(), "text/csv")},
        headers={"Referer": upload},
        timeout=10,
    )
    assert preview.status_code == 200 and "/import/" in preview.url, preview.text[:500]
    batch_url = preview.url.removeprefix(stack.url(""))
    started = browser.post(
        stack.url(f"{batch_url}run/"),
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": preview.url},
        timeout=10,
    )
    assert started.status_code == 200
    return batch_url


def _answer_form(session, stack, link, score):
    """A customer opens the link, then posts a score (plain form, with its CSRF cookie)."""
    page = session.get(stack.url(f"/s/{link.token}/"), timeout=10)
    assert page.status_code == 200, page.text[:500]
    form = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    # A device that answered already sees a thank-you instead of the form; it may still
    # post (a second tab, a script): the CSRF cookie's value is a valid token too.
    token = form.group(1) if form else session.cookies["csrftoken"]
    return session.post(
        stack.url(f"/s/{link.token}/"),
        data={"score": str(score), "csrfmiddlewaretoken": token},
        headers={"Referer": stack.url(f"/s/{link.token}/")},
        allow_redirects=False,
        timeout=10,
    )


# Every column of a survey rollup row but the organization (the tests have one).
ROLLUP_FIELDS = rollups.SURVEY_KEYS[1:] + rollups.SURVEY_COUNTS


def _sorted(rows):
    return sorted(tuple(-1 if value is None else value for value in row) for row in rows)


def _rollup_rows():
    return _sorted(SurveyDaily.objects.values_list(*ROLLUP_FIELDS))


def _rebuilt_rows(organization_id):
    """What a full rebuild would write: the rollup's own SELECT, read without writing."""
    counts = rollups.survey_counts(organization_id, None)
    return _sorted(tuple(row[name] for name in ROLLUP_FIELDS) for row in counts)


def _caught_up(organization_id):
    return not PendingSlice.objects.exists() and _rollup_rows() == _rebuilt_rows(organization_id)


def _ago(minutes):
    return (timezone.now() - timedelta(minutes=minutes)).isoformat()


def test_a_redis_outage_loses_no_answer_and_the_rollups_catch_up(stack, bistro):
    organization = bistro["organization"]
    till = _till(stack, bistro["api_key"])
    executive = _signed_in(stack, bistro["executive"])

    stack.stop_redis()

    # The customer with a single-use link: the answer is saved and thanked.
    assert _answer_form(requests.Session(), stack, bistro["single"], 4).status_code == 302
    # Two guests at a table with the QR code; one of them tries twice.
    phone = requests.Session()
    assert _answer_form(phone, stack, bistro["qr"], 10).status_code == 302
    assert _answer_form(requests.Session(), stack, bistro["qr"], 9).status_code == 302
    again = _answer_form(phone, stack, bistro["qr"], 10)
    assert again.status_code == 429  # the device window is kept in the database
    # The till: a list with external ids, then one answer without, retried with its key.
    items = [
        {
            "metric": "nps",
            "score": s,
            "consultant": "E001",
            "submitted_at": _ago(m),
            "external_id": f"till-{m}",
        }
        for s, m in ((10, 5), (8, 6), (2, 7))
    ]
    assert till.post(stack.url("/api/v1/responses/"), json=items, timeout=10).status_code == 201
    single = {"metric": "nps", "score": 7, "consultant": "E001", "submitted_at": _ago(3)}
    headers = {"Idempotency-Key": "ticket-1041"}
    first = till.post(stack.url("/api/v1/responses/"), json=single, headers=headers, timeout=10)
    retry = till.post(stack.url("/api/v1/responses/"), json=single, headers=headers, timeout=10)
    assert (first.status_code, retry.status_code) == (201, 201)
    assert retry.headers["Idempotent-Replayed"] == "true"
    # A manager imports a small file from the till's export.
    batch_url = _import(stack, bistro["manager"], ["10", "9", "3"])
    # Readers still get their pages, computed without the cache.
    assert executive.get(stack.url("/dashboards/"), timeout=30).status_code == 200
    scores = till.get(stack.url("/api/v1/scores/?metric=nps&group_by=day"), timeout=30)
    assert scores.status_code == 200
    health = requests.get(stack.url("/healthz"), timeout=10)
    assert health.status_code == 503
    assert health.json()["checks"]["cache"]["status"] == "down"

    # Every answer saved once, while Redis was away.
    assert Response.objects.filter(source="link").count() == 1
    assert Response.objects.filter(source="qr").count() == 2
    assert Response.objects.filter(source="api").count() == 4
    assert ImportBatch.objects.get().status == "queued"  # its message could not be sent
    assert PendingSlice.objects.exists()  # owed, not lost

    stack.start_redis()
    wait_for(
        lambda: ImportBatch.objects.get().status == "done" and _caught_up(organization.pk),
        CATCH_UP_SECONDS,
        1,
        "the import done and the rollups caught up",
    )

    assert Response.objects.filter(source="import").count() == 3
    assert sum(row[7] for row in _rollup_rows()) == 10
    assert Response.objects.count() == 10
    page = _signed_in(stack, bistro["manager"]).get(stack.url(batch_url), timeout=10)
    assert "3 new responses" in page.text
    assert alive(stack.processes["worker"]) and alive(stack.processes["beat"])
    assert requests.get(stack.url("/healthz"), timeout=10).json()["checks"]["cache"] == {
        "status": "ok",
        "detail": "redis",
    }


def _hold_rollup_lock(organization_id):
    """Stall the worker inside a rollup: take the lock a rollup rewrite of the
    organization's survey table waits for (in a session of our own)."""
    db = connection.settings_dict
    session = psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=db["NAME"],
        autocommit=True,
    )
    session.execute(
        "SELECT pg_advisory_lock(hashtext(%s))", [f"dashboards_surveydaily:{organization_id}"]
    )
    return session


def _a_rollup_waits_for_the_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        return cursor.fetchone()[0] > 0


def test_a_worker_child_killed_mid_rollup_loses_nothing(stack, bistro):
    organization = bistro["organization"]
    till = _till(stack, bistro["api_key"])
    lock = _hold_rollup_lock(organization.pk)
    try:
        body = {"metric": "nps", "score": 10, "consultant": "E001", "submitted_at": _ago(2)}
        assert till.post(stack.url("/api/v1/responses/"), json=body, timeout=10).status_code == 201
        wait_for(_a_rollup_waits_for_the_lock, 30, what="the worker inside a rollup")
        child = stack.busy_child("dashboards.drain_rollups")
        os.kill(child, signal.SIGKILL)
        wait_for(
            lambda: child not in stack.worker_children() and len(stack.worker_children()) == 2,
            30,
            what="a new worker child",
        )
    finally:
        lock.close()

    wait_for(lambda: _caught_up(organization.pk), CATCH_UP_SECONDS, 1, "rollups caught up")
    # n, promoters, passives, detractors, score sum, sum of squares: the one answer of 10.
    assert _rollup_rows()[0][-6:] == (1, 1, 0, 0, 10, 100)
    assert alive(stack.processes["worker"])


def test_the_worker_survives_a_redis_restart_while_it_holds_tasks(stack, bistro):
    organization = bistro["organization"]
    till = _till(stack, bistro["api_key"])
    # One task waiting in the worker for its countdown, one running (stalled in a rollup).
    client = stack.celery()
    client.send_task("dashboards.drain_rollups", args=[organization.pk], countdown=15)
    client.close()
    lock = _hold_rollup_lock(organization.pk)
    try:
        body = {"metric": "nps", "score": 3, "consultant": "E001", "submitted_at": _ago(2)}
        assert till.post(stack.url("/api/v1/responses/"), json=body, timeout=10).status_code == 201
        wait_for(_a_rollup_waits_for_the_lock, 30, what="the worker inside a rollup")
        stack.stop_redis()
        time.sleep(3)
        stack.start_redis()
    finally:
        lock.close()

    time.sleep(5)
    assert alive(stack.processes["worker"]), stack.log("worker")[-3000:]
    wait_for(stack.worker_answers, 30, what="the worker answering again")
    # And it still works: a new answer is rolled up within the minute.
    body = {"metric": "nps", "score": 9, "consultant": "E001", "submitted_at": _ago(1)}
    assert till.post(stack.url("/api/v1/responses/"), json=body, timeout=10).status_code == 201
    wait_for(lambda: _caught_up(organization.pk), CATCH_UP_SECONDS, 1, "rollups caught up")
    assert sum(row[7] for row in _rollup_rows()) == 2
    assert "AttributeError" not in stack.log("worker")


def test_the_workers_log_lines_carry_the_id_of_the_request_that_caused_them(
    stack_without_sweep, bistro
):
    stack = stack_without_sweep
    till = _till(stack, bistro["api_key"])
    body = {"metric": "nps", "score": 8, "consultant": "E001", "submitted_at": _ago(2)}
    answer = till.post(
        stack.url("/api/v1/responses/"),
        json=body,
        headers={"X-Request-ID": "till-7-req-1041"},
        timeout=10,
    )
    assert answer.headers["X-Request-ID"] == "till-7-req-1041"
    wait_for(lambda: _caught_up(bistro["organization"].pk), 30, 0.5, "the rollup")

    def task_line():
        for line in stack.log("worker").splitlines():
            if line.startswith("{") and "Rollups recomputed" in line:
                return json.loads(line)
        return None

    line = wait_for(task_line, 10, 0.5, "the task's log line")
    assert line["request_id"] == "till-7-req-1041"
    assert line["logger"] == "dashboards.tasks" and line["level"] == "INFO"
    # The worker's own metrics: how long its tasks took.
    worker_metrics = requests.get(f"http://127.0.0.1:{stack.worker_metrics_port}/", timeout=5)
    assert 'cxm_task_seconds_count{task="dashboards.drain_rollups"}' in worker_metrics.text
