"""Waking the worker is a nudge: when the broker is away it logs and returns, and the
request that recorded the work goes on."""

import logging

import pytest
from celery import Celery

from common.jobs import wake


@pytest.fixture
def stopped_broker_task(dead_redis_url):
    """A task of a Celery app whose Redis broker is stopped."""
    app = Celery("stopped", broker=dead_redis_url, set_as_current=False)
    app.conf.broker_transport_options = {"socket_connect_timeout": 0.5}

    @app.task(name="tests.common.noop")
    def noop(value):
        return value

    yield noop
    app.close()


@pytest.fixture
def eager_task():
    app = Celery("eager", set_as_current=False)
    app.conf.task_always_eager = True
    calls = []

    @app.task(name="tests.common.record")
    def record(value):
        calls.append(value)

    record.calls = calls
    return record


def test_wake_runs_the_task_in_process_in_the_embedded_mode(eager_task):
    assert wake(eager_task, (1,)) is True
    assert eager_task.calls == [1]


def test_wake_logs_and_returns_when_the_broker_is_away(stopped_broker_task, caplog):
    with caplog.at_level(logging.WARNING, logger="cxm.jobs"):
        assert wake(stopped_broker_task, (1,), countdown=2) is False
    assert "the sweep will" in caplog.text


@pytest.mark.django_db
def test_wakes_held_by_a_long_job_are_sent_once_when_it_ends(
    eager_task, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from common.jobs import wake_on_commit, wakes_held

    with wakes_held():
        for _chunk in range(3):  # three chunks, each committed with a wake-up owed
            with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
                wake_on_commit(eager_task, ("org-1",))
        assert eager_task.calls == []  # none sent while the job runs

    assert eager_task.calls == ["org-1"]
