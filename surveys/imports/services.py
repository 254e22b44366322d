"""CSV import of responses: preview a checked file (files.py), then import it in
the background. Only a file without errors can be queued.

The import re-checks the rows (the organization may have changed since the preview), then
saves them CHUNK rows at a time. Each chunk is saved in one transaction together with the
batch's progress (rows processed, new, already present, heartbeat), so the page reads the
progress from the database, and an import that stops resumes exactly after its last saved
chunk. The file is kept until the import is done or cancelled.

Claiming a batch is one conditional UPDATE (QUEUED -> RUNNING with a new run token); each
chunk is saved only while its run still holds the token, so a worker presumed dead that
wakes up again saves nothing more. Celery beat's sweep (`sweep_imports`) re-sends a batch
queued too long (its message was lost, e.g. Redis restarted) and puts a running batch whose
heartbeat stopped (its worker was killed) back in the queue, up to MAX_RESTARTS times; then,
as after an unexpected error, the batch is INTERRUPTED: the user resumes it (Retry) or
removes what it saved (Cancel).

Rows without an external_id get one derived from the file and their content ("csv-" +
sha256 of the file's rows, the row and its occurrence among identical rows). So the same file
imported again adds nothing, while identical rows are all kept, in one file and across
different files: two tables rating a waiter 10 at 19:30 are two answers.
"""

import contextlib
import logging
import secrets
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Max, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Organization
from accounts.selectors import staff_for
from common.jobs import wake, wake_on_commit, wakes_held

from .. import signals
from ..choices import JobStatus, Source
from ..intake import services as intake
from ..models import ImportBatch, Response
from .files import (
    DERIVED_PREFIX,
    ImportFileError,
    check_file,
    read_rows,
)

logger = logging.getLogger(__name__)

# Rows saved per transaction, together with the progress: what a killed worker loses.
CHUNK = 500
SAMPLE_ROWS = 5
# Codes listed by the format help; an organization with more has them in its settings.
HELP_CODES = 12
# A task imports for at most this long, then hands over to a fresh one: well within the
# broker's visibility timeout, after which a task still unacknowledged is sent again.
TASK_BUDGET_SECONDS = 300
# Times the sweep puts a batch whose worker went silent back in the queue before it
# gives up and marks it INTERRUPTED (a file that kills its worker every time).
MAX_RESTARTS = 3
# Worth another try: the database was away for a moment.
TRANSIENT = (ConnectionError, TimeoutError, OperationalError, InterfaceError)
# Beyond this many answered interactions, a cancelled import asks for the organization's
# whole driver rollup again rather than listing them.
MAX_ANNOUNCED_REFS = 1000


# ------------------------------------------------------------------- preview and queue


def preview_import(*, organization: Organization, file_name: str, data: bytes, by=None):
    """Check an uploaded file and keep it as a batch to preview (status PREVIEW).

    The text is kept only when the file can be imported; a file with errors is fixed and
    uploaded again, so only its errors are stored."""
    checked = check_file(organization=organization, data=data)
    return ImportBatch.objects.create(
        organization=organization,
        file_name=file_name[:200],
        content="" if checked.errors else checked.content,
        content_hash=checked.content_hash,
        status=JobStatus.PREVIEW,
        total_rows=checked.total_rows,
        errors=checked.errors,
        # Until the import runs: the rows already present when the file was checked.
        duplicate_count=checked.duplicates,
        duplicate_file_count=checked.duplicates_file,
        created_by=by,
    )


def consultant_codes(organization: Organization, limit: int = HELP_CODES) -> list[str]:
    """The employee codes of the organization's consultants, for the format help: its
    example then reads like the organization's own file, and a code is copied right."""
    return list(
        staff_for(organization)
        .exclude(employee_code="")
        .order_by("employee_code")
        .values_list("employee_code", flat=True)[:limit]
    )


def previous_import(batch: ImportBatch) -> ImportBatch | None:
    """The last finished import of the same file into the same organization, if any."""
    return (
        ImportBatch.objects.filter(
            organization_id=batch.organization_id,
            content_hash=batch.content_hash,
            status=JobStatus.DONE,
        )
        .exclude(pk=batch.pk)
        .order_by("-finished_at", "-pk")
        .first()
    )


def sample_rows(batch: ImportBatch, count: int = SAMPLE_ROWS) -> tuple[list[str], list[list]]:
    """The header and first rows (values in header order) of a checked file, to show
    what was read."""
    if not batch.content:
        return [], []
    parsed = read_rows(batch.content, limit=count)
    return parsed.names, [[row.get(name, "") for name in parsed.names] for row in parsed.rows]


def imported_period(batch: ImportBatch, zone: tzinfo) -> tuple[date | None, date | None]:
    """The first and last day (in `zone`) of the responses this batch added."""
    bounds = batch.responses.aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
    if bounds["first"] is None:
        return None, None
    return (
        timezone.localtime(bounds["first"], zone).date(),
        timezone.localtime(bounds["last"], zone).date(),
    )


def can_run(batch: ImportBatch) -> bool:
    return batch.status == JobStatus.PREVIEW and not batch.errors and batch.total_rows > 0


@transaction.atomic
def queue_import(*, batch: ImportBatch) -> bool:
    """Queue a checked file for import; False if it has errors or was queued already
    (a double click queues it once)."""
    from .. import tasks  # tasks imports this module

    if not can_run(batch):
        return False
    queued = ImportBatch.objects.filter(pk=batch.pk, status=JobStatus.PREVIEW).update(
        status=JobStatus.QUEUED,
        heartbeat_at=timezone.now(),
        # Counted again as the rows are saved.
        duplicate_count=0,
        duplicate_file_count=0,
    )
    if queued:
        # Never fails for want of Redis: the batch is queued in the database, and the
        # sweep sends it if this message is lost.
        wake_on_commit(tasks.run_import, (batch.pk,))
    batch.refresh_from_db()
    return bool(queued)


def can_retry(batch: ImportBatch) -> bool:
    return batch.status == JobStatus.INTERRUPTED and bool(batch.content)


def can_cancel(batch: ImportBatch) -> bool:
    return batch.status in (JobStatus.INTERRUPTED, JobStatus.QUEUED)


@transaction.atomic
def retry_import(*, batch: ImportBatch) -> bool:
    """Queue an interrupted import again: it resumes after its last saved chunk. False
    when there is nothing to retry (a second click, or it was cancelled meanwhile)."""
    from .. import tasks

    retried = (
        ImportBatch.objects.filter(pk=batch.pk, status=JobStatus.INTERRUPTED)
        .exclude(content="")
        .update(
            status=JobStatus.QUEUED,
            attempts=0,
            last_error="",
            run_token="",
            heartbeat_at=timezone.now(),
        )
    )
    if retried:
        wake_on_commit(tasks.run_import, (batch.pk,))
    batch.refresh_from_db()
    return bool(retried)


def _announce_removal(organization_id: int, responses) -> None:
    """Tell the rollups, in the transaction that deletes them, which days and answered
    interactions lose responses: they owe those slices again, as for new ones."""
    responses = responses.order_by()
    days = sorted(
        responses.annotate(day=TruncDate("submitted_at", tzinfo=UTC))
        .values_list("day", flat=True)
        .distinct()
    )
    if not days:
        return
    refs = list(
        responses.exclude(interaction_ref="")
        .values_list("interaction_ref", flat=True)
        .distinct()[: MAX_ANNOUNCED_REFS + 1]
    )
    signals.responses_recorded.send(
        sender=Response,
        organization_id=organization_id,
        utc_dates=days,
        # Unknown: the rollups take every local day the UTC dates can fall on.
        local_dates=None,
        interaction_refs=None if len(refs) > MAX_ANNOUNCED_REFS else sorted(refs),
    )


@transaction.atomic
def cancel_import(*, batch: ImportBatch) -> bool:
    """Stop an interrupted (or still queued) import for good and remove the responses it
    saved, so nothing half-imported stays; the stored file is dropped. False when there
    is nothing to cancel (a second click, or it finished meanwhile)."""
    cancelled = ImportBatch.objects.filter(
        pk=batch.pk, status__in=(JobStatus.INTERRUPTED, JobStatus.QUEUED)
    ).update(
        status=JobStatus.CANCELLED,
        content="",
        run_token="",
        heartbeat_at=None,
        finished_at=timezone.now(),
    )
    if cancelled:
        saved = Response.objects.filter(import_batch_id=batch.pk)
        _announce_removal(batch.organization_id, saved)
        saved.delete()
    batch.refresh_from_db()
    return bool(cancelled)


# --------------------------------------------------------------------------- the import


def processed_rows(batch: ImportBatch) -> int:
    """Rows saved so far, as committed with the last chunk."""
    if batch.status == JobStatus.DONE:
        return batch.total_rows
    return batch.processed_rows


def is_stalled(batch: ImportBatch, now: datetime | None = None) -> bool:
    """Running, but no chunk saved for longer than the sweep waits: its worker is gone,
    and the sweep will put it back in the queue."""
    now = now or timezone.now()
    return (
        batch.status == JobStatus.RUNNING
        and batch.heartbeat_at is not None
        and batch.heartbeat_at < now - timedelta(seconds=settings.JOB_STALE_SECONDS)
    )


class _ClaimLost(Exception):
    """The sweep or the user took the batch back while this run was saving a chunk."""


def _error(message: str) -> list[dict]:
    return [{"line": None, "field": "", "message": message}]


def _fail(run, errors: list[dict]) -> None:
    """Nothing was saved and nothing can be: FAILED, and the file is dropped. (`errors`
    come sorted and summed up by check_file: sorting them again would put the summary
    line first.)"""
    run.update(
        status=JobStatus.FAILED,
        errors=errors,
        content="",
        run_token="",
        processed_rows=0,
        finished_at=timezone.now(),
    )


def _interrupt(run, message: str, errors: list[dict] | None = None) -> int:
    """Stopped half-way: what was saved stays until the user retries or cancels."""
    return run.update(
        status=JobStatus.INTERRUPTED,
        last_error=message,
        errors=errors or [],
        run_token="",
        heartbeat_at=timezone.now(),
    )


def _requeue(run) -> bool:
    return bool(run.update(status=JobStatus.QUEUED, run_token="", heartbeat_at=timezone.now()))


def run_import(
    *,
    batch_id: int,
    progress: Callable[[int, int], None] | None = None,
    budget_seconds: float | None = None,
) -> int:
    """Import a queued batch, or resume it after its last saved chunk; returns the number
    of responses this call added.

    The batch is claimed first (QUEUED -> RUNNING by one UPDATE), so a task delivered
    twice imports once; a batch RUNNING under another worker is left to it (or, if that
    worker went silent, to the sweep). `progress(processed, total)` is called after each
    chunk is committed. After `budget_seconds` the batch goes back in the queue and a new
    task continues it.
    """
    from .. import tasks

    token = secrets.token_hex(16)
    claimed = ImportBatch.objects.filter(pk=batch_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, run_token=token, heartbeat_at=timezone.now(), last_error=""
    )
    if not claimed:
        return 0
    started = time.monotonic()
    run = ImportBatch.objects.filter(pk=batch_id, status=JobStatus.RUNNING, run_token=token)
    batch = ImportBatch.objects.select_related("organization").get(pk=batch_id)
    created_here = 0
    # Each chunk owes the rollups its days; the worker is woken once, when the run ends.
    with wakes_held():
        try:
            checked = check_file(
                organization=batch.organization, data=batch.content, count_duplicates=False
            )
            if checked.errors:
                # The organization changed since the preview (e.g. a consultant code removed).
                if batch.processed_rows:
                    _interrupt(
                        run,
                        _("The file no longer passes the checks; fix the organization or cancel."),
                        checked.errors,
                    )
                else:
                    _fail(run, checked.errors)
                return 0
            rows, total = checked.rows, len(checked.rows)
            for start in range(batch.processed_rows, total, CHUNK):
                created_here += _save_chunk(batch, run, rows, start, total)
                processed = min(start + CHUNK, total)
                if progress is not None:
                    progress(processed, total)
                out_of_time = (
                    budget_seconds is not None and time.monotonic() - started > budget_seconds
                )
                if processed < total and out_of_time and _requeue(run):
                    wake(tasks.run_import, (batch_id,))
                    return created_here
            if batch.processed_rows >= total:  # every chunk was saved by an earlier run
                run.update(
                    status=JobStatus.DONE, content="", run_token="", finished_at=timezone.now()
                )
        except _ClaimLost:
            logger.warning("Import %s was taken back from this worker; it stops", batch_id)
        except TRANSIENT:
            # Put it back in the queue for the task's retry. If the database is still away,
            # the sweep does it once the heartbeat is stale.
            with contextlib.suppress(*TRANSIENT):
                _requeue(run)
            raise
        except ImportFileError as exc:
            if batch.processed_rows or created_here:
                _interrupt(run, exc.message)
            else:
                _fail(run, _error(exc.message))
        except Exception as exc:
            logger.exception("Import %s stopped", batch_id)
            _interrupt(run, str(exc)[:1000] or type(exc).__name__)
    return created_here


def _save_chunk(batch: ImportBatch, run, rows: list, start: int, total: int) -> int:
    """Save rows[start:start + CHUNK] and the progress in one transaction; returns how
    many responses are new. Raises _ClaimLost (saving nothing) if the run lost its claim."""
    chunk = rows[start : start + CHUNK]
    end = start + len(chunk)
    now = timezone.now()
    with transaction.atomic():
        results = intake.record_responses(
            organization=batch.organization,
            rows=chunk,
            source=Source.IMPORT,
            import_batch=batch,
        )
        created = sum(1 for _response, is_new in results if is_new)
        present_file = sum(
            1
            for (_response, is_new), row in zip(results, chunk, strict=True)
            if not is_new and row.external_id.startswith(DERIVED_PREFIX)
        )
        fields = {
            "processed_rows": end,
            "created_count": F("created_count") + created,
            "duplicate_count": F("duplicate_count") + len(chunk) - created,
            "duplicate_file_count": F("duplicate_file_count") + present_file,
            "heartbeat_at": now,
        }
        if end >= total:
            fields.update(
                status=JobStatus.DONE,
                total_rows=total,
                errors=[],
                content="",
                run_token="",
                finished_at=now,
            )
        # Only from where this run left off, and only while it holds the claim.
        if not run.filter(processed_rows=start).update(**fields):
            raise _ClaimLost()
    return created


def sweep_imports(*, now: datetime | None = None) -> dict[str, int]:
    """Celery beat, every minute: re-send batches queued longer than JOB_STALE_SECONDS
    (their message was lost), and put running batches whose heartbeat is older back in
    the queue (their worker died), at most MAX_RESTARTS times, then interrupt them.
    Every change is a conditional UPDATE, so two sweeps at once do each thing once."""
    from .. import tasks

    now = now or timezone.now()
    silent = Q(heartbeat_at__isnull=True) | Q(
        heartbeat_at__lt=now - timedelta(seconds=settings.JOB_STALE_SECONDS)
    )
    counts = {"resent": 0, "restarted": 0, "interrupted": 0}
    queued = ImportBatch.objects.filter(silent, status=JobStatus.QUEUED)
    for pk in queued.values_list("pk", flat=True):
        if queued.filter(pk=pk).update(heartbeat_at=now):
            wake(tasks.run_import, (pk,))
            counts["resent"] += 1
    running = ImportBatch.objects.filter(silent, status=JobStatus.RUNNING)
    for pk, attempts in running.values_list("pk", "attempts"):
        this = running.filter(pk=pk, attempts=attempts)
        if attempts >= MAX_RESTARTS:
            message = _(
                "The import stopped %d times without finishing (its worker was stopped or "
                "ran out of memory)."
            ) % (attempts + 1)
            counts["interrupted"] += _interrupt(this, message)
        elif this.update(
            status=JobStatus.QUEUED, attempts=attempts + 1, run_token="", heartbeat_at=now
        ):
            logger.warning("Import %s: its worker went silent; queued again", pk)
            wake(tasks.run_import, (pk,))
            counts["restarted"] += 1
    return counts
