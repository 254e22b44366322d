"""Imports that stop half-way, and rows that look alike.

Each chunk of an import is saved with its progress in one transaction, so an import whose
worker dies, or that hits an error, resumes exactly after its last saved chunk: every row
saved once. The sweep re-sends an import whose message was lost and takes one back from a
worker that went silent; Alice retries an interrupted import or cancels it (removing what
it saved). Identical rows are all kept, in one file and across files; the same file
imported again adds nothing, and the summary says why rows were skipped.
"""

from datetime import UTC, date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from surveys import signals, tasks
from surveys.imports import services as import_services
from surveys.intake import checks, services
from surveys.models import ImportBatch, Response
from tests.surveys.test_import import HEADER, csv_bytes, detail_url, many_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(manager):
    """Alice manages the whole organization in these tests (no location of her own), as
    they read every location's imports. A manager of one location sees only its own
    (tests/accounts/test_location_visibility.py)."""
    manager.location = None
    manager.save(update_fields=["location"])
    return manager


class WorkerKilled(BaseException):
    """kill -9 in a unit test: nothing in the import gets to handle it."""


@pytest.fixture
def aurora(organization, consultant, second_consultant):
    return organization


def preview(organization, data: bytes, name: str = "march.csv") -> ImportBatch:
    batch = import_services.preview_import(organization=organization, file_name=name, data=data)
    assert not batch.errors, batch.errors
    return batch


def queued(organization, data: bytes, name: str = "march.csv") -> ImportBatch:
    """A checked file, queued; its task not run yet (the worker is busy: the test's
    transaction never commits, so the wake-up is never sent)."""
    batch = preview(organization, data, name)
    assert import_services.queue_import(batch=batch)
    return batch


def stop_after(chunks: int, error: BaseException):
    """A progress callback that raises `error` once `chunks` chunks are saved."""

    def progress(processed, _total):
        if processed >= chunks * import_services.CHUNK:
            raise error

    return progress


def a_while_later(batch: ImportBatch, seconds: int = 600) -> None:
    """The batch's last sign of life was `seconds` ago."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=seconds)
    )


def saved_once(batch: ImportBatch, count: int) -> None:
    responses = Response.objects.filter(import_batch=batch)
    assert responses.count() == count
    assert responses.values("external_id").distinct().count() == count


# --- Identical rows ------------------------------------------------------------------


def test_identical_rows_in_different_files_are_different_answers(aurora):
    """Two tables rated the waiter 10 at 19:30, on two evenings' exports that happen to
    share that row: each file's row is an answer of its own."""
    row = "2025-03-01 19:30,nps,10,,E001"
    first = csv_bytes(HEADER, row, "2025-03-01 19:31,nps,9,,E001")
    second = csv_bytes(HEADER, row, "2025-03-01 19:45,nps,8,,E002")
    for data in (first, second):
        import_services.run_import(batch_id=queued(aurora, data).pk)

    assert Response.objects.filter(submitted_at__minute=30).count() == 2
    assert Response.objects.count() == 4


def test_a_file_of_repeated_identical_rows_imports_every_row_once(aurora):
    lines = [f"2025-03-01 19:{i % 3:02d},nps,{9 + i % 2},,E00{1 + i % 2}" for i in range(1200)]
    data = csv_bytes(HEADER, *lines)  # 1,200 rows, only 6 different ones

    first = queued(aurora, data)
    assert import_services.run_import(batch_id=first.pk) == 1200
    again = preview(aurora, data, "march-again.csv")
    assert again.duplicate_count == again.duplicate_file_count == 1200  # seen by the preview
    import_services.queue_import(batch=again)
    assert import_services.run_import(batch_id=again.pk) == 0

    again.refresh_from_db()
    assert (again.created_count, again.duplicate_count, again.duplicate_file_count) == (
        0,
        1200,
        1200,
    )
    assert Response.objects.count() == 1200


def test_the_same_file_with_other_line_endings_and_separator_adds_nothing(aurora):
    rows = ["2025-03-01 19:30,nps,10,,E001", "2025-03-01 19:30,nps,10,,E001"]
    import_services.run_import(batch_id=queued(aurora, csv_bytes(HEADER, *rows)).pk)
    windows = "\r\n".join([HEADER.replace(",", ";")] + [r.replace(",", ";") for r in rows])
    assert import_services.run_import(batch_id=queued(aurora, windows.encode()).pk) == 0
    assert Response.objects.count() == 2


def test_the_summary_says_why_rows_were_already_imported(alice_client, aurora):
    till = checks.check_responses(
        organization=aurora,
        rows=[{"metric": "nps", "score": 9, "submitted_at": "2025-03-01T12:00:00+01:00"}],
    )
    till[0].external_id = "TILL-1"
    services.record_responses(organization=aurora, rows=till, source="api")
    data = csv_bytes(
        "submitted_at,metric,score,external_id",
        "2025-03-01 12:00,nps,9,TILL-1",
        "2025-03-01 12:05,nps,7,",
    )
    import_services.run_import(batch_id=queued(aurora, data).pk)
    batch = queued(aurora, data, "again.csv")
    import_services.run_import(batch_id=batch.pk)

    html = alice_client.get(detail_url(batch)).content.decode()
    assert "2 rows were recognised as already imported and skipped" in html
    assert "1 has the same external id as an answer already saved." in html
    assert (
        "1 has no external id, and the same content and position as a row of an earlier "
        "import of this same file." in html
    )


# --- Interrupted and resumed ---------------------------------------------------------


def test_an_error_interrupts_the_import_and_retry_resumes_after_the_last_chunk(
    aurora, monkeypatch, django_capture_on_commit_callbacks
):
    batch = queued(aurora, many_rows(1200))
    import_services.run_import(
        batch_id=batch.pk, progress=stop_after(2, RuntimeError("the disk is full"))
    )
    batch.refresh_from_db()
    assert (batch.status, batch.processed_rows, batch.percent) == ("interrupted", 1000, 83)
    assert batch.last_error == "the disk is full"
    saved_once(batch, 1000)
    chunks = []
    record = services.record_responses

    def spy(**kwargs):
        chunks.append(len(kwargs["rows"]))
        return record(**kwargs)

    monkeypatch.setattr(services, "record_responses", spy)

    with django_capture_on_commit_callbacks(execute=True):
        assert import_services.retry_import(batch=batch)
    assert not import_services.retry_import(batch=batch)  # a second click

    assert chunks == [200]  # only what was missing
    batch.refresh_from_db()
    assert (batch.status, batch.processed_rows, batch.created_count) == ("done", 1200, 1200)
    assert (batch.duplicate_count, batch.content, batch.last_error) == (0, "", "")
    saved_once(batch, 1200)


def test_a_killed_worker_leaves_it_running_and_the_sweep_resumes_it(aurora, settings):
    settings.JOB_STALE_SECONDS = 120
    batch = queued(aurora, many_rows(1200))
    with pytest.raises(WorkerKilled):
        import_services.run_import(batch_id=batch.pk, progress=stop_after(1, WorkerKilled()))
    batch.refresh_from_db()
    assert (batch.status, batch.processed_rows) == ("running", 500)

    # The task comes back at once (task_reject_on_worker_lost); the batch still looks
    # alive, so it leaves it, and so does the sweep.
    assert tasks.run_import.apply(args=[batch.pk]).get() == 0
    assert import_services.sweep_imports() == {"resent": 0, "restarted": 0, "interrupted": 0}
    assert Response.objects.count() == 500

    a_while_later(batch, seconds=121)
    # The sweep puts it back in the queue and wakes a worker (here: at once, in-process).
    assert import_services.sweep_imports()["restarted"] == 1

    batch.refresh_from_db()
    assert (batch.status, batch.attempts, batch.created_count) == ("done", 1, 1200)
    saved_once(batch, 1200)


def test_the_sweep_gives_up_on_an_import_that_kills_its_worker_every_time(aurora):
    batch = queued(aurora, many_rows(700))
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", attempts=3)
    a_while_later(batch)

    assert import_services.sweep_imports()["interrupted"] == 1

    batch.refresh_from_db()
    assert batch.status == "interrupted"
    assert batch.last_error.startswith("The import stopped 4 times without finishing")
    assert import_services.can_retry(batch) and import_services.can_cancel(batch)


def test_an_import_whose_message_was_lost_is_sent_again_by_the_sweep(aurora):
    batch = queued(aurora, many_rows(30))
    assert import_services.sweep_imports()["resent"] == 0  # queued moments ago

    a_while_later(batch, seconds=180)
    assert import_services.sweep_imports()["resent"] == 1

    batch.refresh_from_db()
    assert batch.status == "done"
    saved_once(batch, 30)


def test_a_worker_that_lost_its_claim_saves_nothing_more(aurora):
    batch = queued(aurora, many_rows(1200))

    def taken_back(processed, _total):
        if processed == 500:  # meanwhile the sweep gave the batch to another worker
            ImportBatch.objects.filter(pk=batch.pk).update(status="queued", run_token="")

    import_services.run_import(batch_id=batch.pk, progress=taken_back)

    batch.refresh_from_db()
    assert (batch.status, batch.processed_rows) == ("queued", 500)
    saved_once(batch, 500)  # its second chunk was rolled back
    assert import_services.run_import(batch_id=batch.pk) == 700
    saved_once(batch, 1200)


def test_a_file_that_no_longer_passes_the_checks_half_way_is_interrupted(aurora, consultant):
    batch = queued(aurora, many_rows(1200))
    with pytest.raises(WorkerKilled):
        import_services.run_import(batch_id=batch.pk, progress=stop_after(1, WorkerKilled()))
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued")
    Membership.objects.filter(pk=consultant.pk).update(employee_code="E999")

    import_services.run_import(batch_id=batch.pk)

    batch.refresh_from_db()
    assert batch.status == "interrupted"  # not "failed": 500 rows are saved
    assert batch.errors[0] == {
        "line": 2,
        "field": "consultant",
        "message": "Unknown consultant code.",
        "value": "E001",
    }
    assert batch.content  # kept: fix the code and retry, or cancel
    saved_once(batch, 500)


# --- Retry and Cancel, as Alice does them ----------------------------------------------


@pytest.fixture
def alice_client(client_for, manager):
    return client_for(manager)


@pytest.fixture
def interrupted(aurora):
    batch = queued(aurora, many_rows(1200))
    import_services.run_import(batch_id=batch.pk, progress=stop_after(1, RuntimeError("boom")))
    batch.refresh_from_db()
    return batch


def test_the_interrupted_page_shows_what_was_saved_with_retry_and_cancel(alice_client, interrupted):
    html = alice_client.get(detail_url(interrupted)).content.decode()

    assert "The import was interrupted" in html
    assert "500 of 1200 rows saved (42%)." in html
    assert "boom" in html
    assert f'action="/surveys/responses/import/{interrupted.pk}/retry/"' in html
    assert "Removes the 500 responses this import saved" in html
    assert "every 1s" not in html  # nothing to poll for


def test_retry_from_the_page_finishes_the_import(
    alice_client, interrupted, django_capture_on_commit_callbacks
):
    url = reverse("surveys:import_retry", args=[interrupted.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(url)
    assert response.status_code == 302

    interrupted.refresh_from_db()
    assert interrupted.status == "done"
    saved_once(interrupted, 1200)
    assert "Imported 1200 rows" in alice_client.get(detail_url(interrupted)).content.decode()


def test_cancel_removes_what_the_import_saved_and_tells_the_rollups(
    alice_client, interrupted, django_capture_on_commit_callbacks
):
    told = []

    def receiver(sender, organization_id, utc_dates, local_dates, interaction_refs, **kw):
        told.append((organization_id, utc_dates, local_dates, interaction_refs))

    days = sorted({r.submitted_at.astimezone(UTC).date() for r in Response.objects.all()})
    assert days == [date(2025, 2, 28), date(2025, 3, 1)]  # Kraków's night is UTC's evening
    signals.responses_recorded.connect(receiver, dispatch_uid="test-cancel")
    url = reverse("surveys:import_cancel", args=[interrupted.pk])
    try:
        alice_client.post(url)
        alice_client.post(url)  # a double click
    finally:
        signals.responses_recorded.disconnect(dispatch_uid="test-cancel")

    assert not Response.objects.exists()
    interrupted.refresh_from_db()
    assert (interrupted.status, interrupted.content) == ("cancelled", "")
    # Once, with the days that lost responses (their local days are left to the rollups).
    assert told == [(interrupted.organization_id, days, None, [])]
    html = alice_client.get(detail_url(interrupted)).content.decode()
    assert "The import was cancelled" in html
    assert "The 500 responses it had saved were removed" in html
    # Nothing brings it back: not a late task, not the sweep, not a retry.
    assert import_services.run_import(batch_id=interrupted.pk) == 0
    assert not import_services.retry_import(batch=interrupted)
    assert not Response.objects.exists()


def test_a_queued_import_can_be_cancelled_before_it_starts(aurora):
    batch = queued(aurora, many_rows(30))

    assert import_services.cancel_import(batch=batch)
    assert import_services.run_import(batch_id=batch.pk) == 0

    batch.refresh_from_db()
    assert batch.status == "cancelled"
    assert not Response.objects.exists()


def test_a_running_or_finished_import_cannot_be_retried_or_cancelled(alice_client, aurora):
    done = queued(aurora, many_rows(30))
    import_services.run_import(batch_id=done.pk)
    done.refresh_from_db()

    alice_client.post(reverse("surveys:import_cancel", args=[done.pk]))
    alice_client.post(reverse("surveys:import_retry", args=[done.pk]))

    done.refresh_from_db()
    assert done.status == "done"
    saved_once(done, 30)


def test_a_stalled_import_says_it_will_resume_by_itself(alice_client, aurora):
    batch = queued(aurora, many_rows(1200))
    with pytest.raises(WorkerKilled):
        import_services.run_import(batch_id=batch.pk, progress=stop_after(1, WorkerKilled()))
    a_while_later(batch)

    html = alice_client.get(detail_url(batch)).content.decode()

    assert "the worker running the import has stopped" in html
    assert "500 of 1200 rows (42%)" in html
