from datetime import UTC, date, datetime, timedelta

from celery import shared_task
from django.core.cache import cache
from django.db import InterfaceError, OperationalError

from accounts.models import Organization

from . import figure_cache, rollups

# Worth another try later: the database or broker was away for a moment.
TRANSIENT = (ConnectionError, TimeoutError, OperationalError, InterfaceError)
NIGHTLY_DAYS = 7

# A burst of new rows for one (organization, day) schedules one recomputation: the first
# one books the slice and the task runs DEBOUNCE_SECONDS later, reading them all.
DEBOUNCE_SECONDS = 2
REBUILDERS = {
    "surveys": rollups.rebuild_survey_days,
    "compliance": rollups.rebuild_compliance_days,
    "drivers": rollups.rebuild_driver_days,
}


def slice_key(table: str, organization_id: int, day: date) -> str:
    return f"rollup-pending:{table}:{organization_id}:{day.isoformat()}"


def schedule_days(
    table: str, organization_id: int, utc_dates: list[date], local_days: list[date] | None = None
) -> list[date]:
    """Enqueue a recomputation of `local_days` (when unknown: every local day the UTC
    dates can fall on), except days that already wait for one. Returns the days
    scheduled."""
    if local_days is None:
        local_days = rollups.local_days_around(utc_dates)
    days = [
        day
        for day in local_days
        if cache.add(slice_key(table, organization_id, day), 1, timeout=DEBOUNCE_SECONDS * 30)
    ]
    if days:
        refresh_days.apply_async(
            (table, organization_id, [day.isoformat() for day in days]),
            countdown=DEBOUNCE_SECONDS,
        )
    return days


def schedule_drivers(organization_id: int) -> bool:
    """Enqueue a rebuild of the organization's driver rollup unless one waits already.

    An answer can join a review of any earlier day, so the slice is the organization;
    the statement reads only reviewed interactions, which are few beside responses."""
    key = f"rollup-pending:drivers:{organization_id}:all"
    if not cache.add(key, 1, timeout=DRIVER_DEBOUNCE_SECONDS * 30):
        return False
    refresh_days.apply_async(("drivers", organization_id, None), countdown=DRIVER_DEBOUNCE_SECONDS)
    return True


DRIVER_DEBOUNCE_SECONDS = 10


@shared_task(
    name="dashboards.refresh_answered_reviews",
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=5,
)
def refresh_answered_reviews(organization_id: int, interaction_refs: list[str]) -> int:
    """New answers joined reviewed interactions: recompute the driver rollup of those
    reviews' days (idempotent)."""
    days = rollups.review_days(organization_id, interaction_refs)
    return rollups.rebuild_driver_days(organization_id=organization_id, days=days)


@shared_task(
    name="dashboards.refresh_days",
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=5,
)
def refresh_days(table: str, organization_id: int, days: list[str] | None) -> int:
    """Recompute one rollup table for some local days (all days when None) of an
    organization (idempotent)."""
    if days is None:
        cache.delete(f"rollup-pending:{table}:{organization_id}:all")
        return REBUILDERS[table](organization_id=organization_id)
    parsed = [date.fromisoformat(day) for day in days]
    # Unbook first: rows committed from now on schedule a new run, and those committed
    # before are read by this one.
    cache.delete_many([slice_key(table, organization_id, day) for day in parsed])
    written = REBUILDERS[table](organization_id=organization_id, days=parsed)
    if table == "compliance":
        # Reviews also change which answered interactions each behaviour was met in.
        rollups.rebuild_driver_days(organization_id=organization_id, days=parsed)
    return written


@shared_task(
    name="dashboards.rebuild_recent",
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=5,
)
def rebuild_recent(days: int = NIGHTLY_DAYS) -> int:
    """Nightly: rebuild the last `days` local days of every organization, catching up on
    anything an incremental run missed (a worker lost mid-task, a changed time zone)."""
    since = datetime.now(UTC).date() - timedelta(days=days)
    organizations = list(Organization.objects.values_list("pk", flat=True))
    for organization_id in organizations:
        rollups.rebuild_all(organization_id=organization_id, since=since)
    return len(organizations)


# Rollup refreshes come in bursts (one per table and slice): warm once they settle.
WARM_DELAY_SECONDS = 5


def schedule_warming(organization_id: int) -> bool:
    """Enqueue a background computation of the organization's recently viewed figures,
    unless one waits already. Not in the embedded mode (eager Celery): there it would
    run inside the request that recorded the answer."""
    from cxm.celery import app

    if app.conf.task_always_eager:
        return False
    key = f"dashboards:warm-pending:{organization_id}"
    if not cache.add(key, 1, timeout=WARM_DELAY_SECONDS * 30):
        return False
    warm_figures.apply_async((organization_id,), countdown=WARM_DELAY_SECONDS)
    return True


@shared_task(
    name="dashboards.warm_figures",
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=3,
)
def warm_figures(organization_id: int) -> int:
    """Compute the recently viewed figures the organization's current rollups lack."""
    cache.delete(f"dashboards:warm-pending:{organization_id}")
    return figure_cache.warm(organization_id)
