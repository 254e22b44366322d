"""Work owed to the rollups is kept in the database with the answer that causes it, so
the rollups catch up whatever happens to the message that wakes the worker: Redis down,
the worker dead, the message lost. The sweep (Celery beat) finds it."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone

from dashboards import pending, rollups, tasks
from dashboards.models import DriverDaily, PendingSlice, SurveyDaily
from surveys.intake.checks import check_responses
from surveys.intake.services import record_responses

pytestmark = pytest.mark.django_db


def _record(organization, **row):
    row.setdefault("metric", "nps")
    row.setdefault("score", 9)
    row.setdefault("consultant", "E001")
    row.setdefault("submitted_at", (timezone.now() - timedelta(hours=1)).isoformat())
    checked = check_responses(organization=organization, rows=[row])
    return record_responses(organization=organization, rows=checked, source="api")


def _rows(model=SurveyDaily):
    return sorted(
        tuple(row)
        for row in model.objects.values_list(
            *[f.attname for f in model._meta.concrete_fields if f.name != "id"]
        )
    )


def _as_if_rebuilt(organization, model=SurveyDaily):
    """The rollup table as a rebuild from nothing would write it (then put back)."""
    current = _rows(model)
    rollups.clear(organization_id=organization.pk)
    rollups.rebuild_all(organization_id=organization.pk)
    rebuilt = _rows(model)
    return current, rebuilt


def test_an_answer_owes_its_local_day_in_its_own_transaction(
    organization, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        ((response, _),) = _record(organization)

    zone = ZoneInfo(consultant.location.time_zone)
    local_day = timezone.localtime(response.submitted_at, zone).date()
    assert list(PendingSlice.objects.filter(rollup="surveys").values_list("day", flat=True)) == [
        local_day
    ]


def test_an_answer_rolled_back_owes_nothing(organization, consultant):
    with pytest.raises(RuntimeError), transaction.atomic():
        _record(organization)
        raise RuntimeError("the request failed after saving")

    assert not PendingSlice.objects.exists()


def test_answers_whose_wake_up_was_lost_are_rolled_up_by_the_sweep(
    organization, consultant, second_consultant, django_capture_on_commit_callbacks
):
    # The wake-ups are never sent (as when Redis is down): nothing is rolled up yet.
    with django_capture_on_commit_callbacks(execute=False):
        _record(organization, score=10)
        _record(organization, score=3, consultant="E002")
        _record(organization, metric="csat", score=4, submitted_at="2026-11-02T23:30:00+00:00")
    assert not SurveyDaily.objects.exists()

    tasks.drain_rollups()  # beat's sweep, for every organization

    assert not PendingSlice.objects.exists()
    current, rebuilt = _as_if_rebuilt(organization)
    assert current == rebuilt and len(current) == 3


def test_draining_again_changes_nothing(
    organization, consultant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _record(organization)  # eager mode: the wake-up drains at once after commit
    assert not PendingSlice.objects.exists()
    before = _rows()

    assert tasks.drain_rollups(organization.pk) == 0
    assert tasks.drain_rollups() == 0
    assert _rows() == before and len(before) == 1


def test_a_failed_recomputation_leaves_the_slice_owed(
    organization, consultant, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        _record(organization)

    def database_gone(**kwargs):
        raise ConnectionError("the database went away mid-rollup")

    monkeypatch.setitem(pending.REBUILDERS, "surveys", database_gone)
    with pytest.raises(ConnectionError):
        pending.drain(organization_id=organization.pk)
    monkeypatch.undo()

    assert PendingSlice.objects.filter(rollup="surveys").count() == 1
    tasks.drain_rollups()
    assert SurveyDaily.objects.get().n == 1


def test_a_review_owes_its_compliance_and_driver_days(
    organization,
    manager,
    consultant,
    iron_behaviour,
    submit,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        submit(reviewer=manager, consultant=consultant, results={iron_behaviour: "met"})

    owed = set(PendingSlice.objects.values_list("rollup", flat=True))
    assert owed == {"compliance", "drivers"}


def test_an_answer_to_a_reviewed_interaction_refreshes_that_reviews_drivers(
    organization,
    manager,
    consultant,
    iron_behaviour,
    submit,
    django_capture_on_commit_callbacks,
):
    submit(
        reviewer=manager,
        consultant=consultant,
        results={iron_behaviour: "not_met"},
        interaction_ref="RCPT-9",
        days_ago=3,
    )
    assert not DriverDaily.objects.exists()  # nobody answered yet

    with django_capture_on_commit_callbacks(execute=False):
        _record(organization, score=2, interaction_ref="RCPT-9")
    assert PendingSlice.objects.filter(rollup="drivers", interaction_ref="RCPT-9").exists()
    tasks.drain_rollups()

    row = DriverDaily.objects.get()
    assert (row.met, row.n, row.detractors) == (False, 1, 1)
