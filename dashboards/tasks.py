import logging
from datetime import UTC, date, datetime, timedelta

from celery import shared_task
from django.db import InterfaceError, OperationalError

from accounts.models import Organization
from common.jobs import wake, woken

from . import figure_cache, pending, rollups, verify

logger = logging.getLogger(__name__)

# Worth another try later: the database or broker was away for a moment.
TRANSIENT = (ConnectionError, TimeoutError, OperationalError, InterfaceError)
NIGHTLY_DAYS = 7

REBUILDERS = pending.REBUILDERS


@shared_task(
    name="dashboards.drain_rollups",
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def drain_rollups(organization_id: int | None = None) -> int:
    """Compute again the rollup slices owed (pending.py): one organization's when woken
    after its answers or reviews, every organization's when beat sweeps. Idempotent."""
    if organization_id is None:
        organizations = pending.organizations_owed()
    else:
        woken(pending.wake_key(organization_id))
        organizations = [organization_id]
    worked_off = 0
    for organization in organizations:
        done = pending.drain(organization_id=organization)
        if any(done.values()):
            logger.info("Rollups recomputed for organization %s: %s", organization, done)
        worked_off += sum(done.values())
    return worked_off


@shared_task(
    name="dashboards.refresh_days",
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=5,
)
def refresh_days(table: str, organization_id: int, days: list[str] | None) -> int:
    """Recompute one rollup table for some local days (all days when None) of an
    organization at once (idempotent; for operators: answers and reviews go through
    the owed slices)."""
    parsed = None if days is None else [date.fromisoformat(day) for day in days]
    return REBUILDERS[table](organization_id=organization_id, days=parsed)


@shared_task(
    name="dashboards.rebuild_recent",
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def rebuild_recent(days: int = NIGHTLY_DAYS) -> int:
    """Nightly: one task per organization (each short, so a redelivery after a lost
    worker repeats little) rebuilds its last `days` local days and verifies the rest."""
    organizations = list(Organization.objects.values_list("pk", flat=True))
    for organization_id in organizations:
        rebuild_organization.delay(organization_id, days)
    return len(organizations)


@shared_task(
    name="dashboards.rebuild_organization",
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def rebuild_organization(organization_id: int, days: int = NIGHTLY_DAYS) -> dict:
    """Rebuild an organization's last `days` local days from the raw rows (catching up on
    anything an incremental run missed, e.g. a changed time zone), then check every
    older day's rows against what they were written from and repair those that differ
    (rows deleted or edited by hand). Idempotent."""
    since = datetime.now(UTC).date() - timedelta(days=days)
    rollups.rebuild_all(organization_id=organization_id, since=since)
    return verify.verify_all(organization_id=organization_id)


# Rollup refreshes come in bursts (one per table and slice): warm once they settle.
WARM_DELAY_SECONDS = 5


def _warm_key(organization_id: int) -> str:
    return f"dashboards:warm-pending:{organization_id}"


def schedule_warming(organization_id: int) -> bool:
    """Enqueue a background computation of the organization's recently viewed figures,
    unless one waits already. Not in the embedded mode (eager Celery): there it would
    run inside the request that recorded the answer."""
    if warm_figures.app.conf.task_always_eager:
        return False
    return wake(
        warm_figures,
        (organization_id,),
        countdown=WARM_DELAY_SECONDS,
        once_per=_warm_key(organization_id),
    )


@shared_task(
    name="dashboards.warm_figures",
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=3,
    ignore_result=True,
)
def warm_figures(organization_id: int) -> int:
    """Compute the recently viewed figures the organization's current rollups lack."""
    woken(_warm_key(organization_id))
    return figure_cache.warm(organization_id)
