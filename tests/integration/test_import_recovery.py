"""A CSV import whose worker child is killed (`kill -9`) half-way completes with every row
saved exactly once: the killed task comes back at once (task_reject_on_worker_lost), finds
the batch still alive and leaves it; once its heartbeat is stale, beat's sweep puts it
back in the queue and a worker resumes it after its last saved chunk.

Real processes (tests/integration/stack.py): a private redis-server, a prefork Celery
worker with two children (as compose runs it), Celery beat sweeping every 5 s,
JOB_STALE_SECONDS=5, PostgreSQL.
"""

import os
import signal

import pytest

from surveys.imports import services as import_services
from surveys.models import ImportBatch, Response

from .conftest import require_real_services
from .stack import Stack, alive, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROWS = 40_000


@pytest.fixture
def stack(transactional_db, tmp_path):
    require_real_services()
    running = Stack(tmp=tmp_path)
    try:
        running.start(sweep_seconds=5, job_stale_seconds=5)
        yield running
    finally:
        running.stop()


def _file(rows: int) -> bytes:
    """Answers at minute resolution over a few evenings for two consultants: many rows
    are identical, and every one of them is an answer."""
    lines = ["submitted_at,metric,score,consultant"]
    for i in range(rows):
        day, minute = 1 + i % 20, (i * 7) % 240
        score = (10, 10, 9, 8, 6, 3)[i % 6]
        lines.append(
            f"2025-03-{day:02d} {18 + minute // 60}:{minute % 60:02d},nps,{score},E00{1 + i % 2}"
        )
    return ("\n".join(lines) + "\n").encode()


def test_an_import_whose_worker_child_is_killed_completes_with_every_row_once(
    stack, organization, consultant, second_consultant
):
    batch = import_services.preview_import(
        organization=organization, file_name="evenings.csv", data=_file(ROWS)
    )
    assert not batch.errors
    # Queued as the page does; the wake-up goes to the stack's broker.
    ImportBatch.objects.filter(pk=batch.pk).update(status="queued")
    client = stack.celery()
    client.send_task("surveys.run_import", args=[batch.pk])
    client.close()

    def midway():
        batch.refresh_from_db()
        return batch.status == "running" and batch.processed_rows >= 2 * import_services.CHUNK

    wait_for(midway, 60, 0.02, "the import half-way")
    child = stack.busy_child("surveys.run_import")
    os.kill(child, signal.SIGKILL)
    killed_at = batch.processed_rows
    assert killed_at < ROWS

    def finished():
        batch.refresh_from_db()
        return batch.status in ("done", "interrupted", "failed")

    wait_for(finished, 120, 0.5, "the import finished")
    assert batch.status == "done", (batch.status, batch.last_error, stack.log("worker")[-3000:])
    assert batch.attempts >= 1  # it was taken back from the killed child
    assert (batch.processed_rows, batch.created_count, batch.duplicate_count) == (ROWS, ROWS, 0)
    saved = Response.objects.filter(import_batch=batch)
    assert saved.count() == ROWS
    assert saved.values("external_id").distinct().count() == ROWS
    assert alive(stack.processes["worker"])
    assert child not in stack.worker_children()
