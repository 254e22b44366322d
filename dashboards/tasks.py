from datetime import date

from celery import shared_task
from django.core.cache import cache

from . import rollups

# A burst of new rows for one (organization, day) schedules one recomputation: the first
# one books the slice and the task runs DEBOUNCE_SECONDS later, reading them all.
DEBOUNCE_SECONDS = 2
REBUILDERS = {
    "surveys": rollups.rebuild_survey_days,
    "compliance": rollups.rebuild_compliance_days,
}


def slice_key(table: str, organization_id: int, day: date) -> str:
    return f"rollup-pending:{table}:{organization_id}:{day.isoformat()}"


def schedule_days(table: str, organization_id: int, utc_dates: list[date]) -> list[date]:
    """Enqueue a recomputation of the local days around `utc_dates`, except days that
    already wait for one. Returns the days scheduled."""
    days = [
        day
        for day in rollups.local_days_around(utc_dates)
        if cache.add(slice_key(table, organization_id, day), 1, timeout=DEBOUNCE_SECONDS * 30)
    ]
    if days:
        refresh_days.apply_async(
            (table, organization_id, [day.isoformat() for day in days]),
            countdown=DEBOUNCE_SECONDS,
        )
    return days


@shared_task(
    name="dashboards.refresh_days",
    acks_late=True,
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def refresh_days(table: str, organization_id: int, days: list[str]) -> int:
    """Recompute one rollup table for some local days of an organization (idempotent)."""
    parsed = [date.fromisoformat(day) for day in days]
    # Unbook first: rows committed from now on schedule a new run, and those committed
    # before are read by this one.
    cache.delete_many([slice_key(table, organization_id, day) for day in parsed])
    return REBUILDERS[table](organization_id=organization_id, days=parsed)
