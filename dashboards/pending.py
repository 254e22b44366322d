"""Work owed to the rollups, kept in the database until it is done.

Surveys and reviews tell the rollups what changed *inside* the transaction that changes
it (signals `responses_recorded`, `reviews_counted`); `owe` records the slices to
compute again in that same transaction, then wakes the worker once it commits. So an
answer that is saved is never missing from the rollups for long, whatever happens to
the message: Redis may be down, the worker dead, the message lost. The worker (and
Celery beat's sweep every half minute) runs `drain`, which claims owed rows with
`SELECT … FOR UPDATE SKIP LOCKED`, recomputes their slices and deletes them, all in one
transaction: a worker that dies half-way leaves them owed for the next one, and two
workers never recompute the same rows twice.

A burst of answers is recomputed once: the first wakes the worker DEBOUNCE_SECONDS
later, and the run reads every row owed by then.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from common.jobs import wake_on_commit

from . import rollups
from .models import PendingSlice

DEBOUNCE_SECONDS = 2
# Rows claimed per transaction: a long backlog is worked off in bounded steps.
CLAIM_BATCH = 5000
SURVEYS, COMPLIANCE, DRIVERS = "surveys", "compliance", "drivers"
# In this order: drivers last, since reviews and answers both change them.
REBUILDERS = {
    SURVEYS: rollups.rebuild_survey_days,
    COMPLIANCE: rollups.rebuild_compliance_days,
    DRIVERS: rollups.rebuild_driver_days,
}


def wake_key(organization_id: int) -> str:
    return f"rollups:wake:{organization_id}"


def owe(
    *,
    organization_id: int,
    rollup: str,
    days: Iterable[date] | None = None,
    interaction_refs: Iterable[str] = (),
) -> int:
    """Record that `rollup` must be computed again for some local days of an
    organization (every day when `days` is None), or for the days of the reviews of
    some answered interactions. Call it inside the transaction of the change; returns
    the number of slices recorded."""
    if rollup not in REBUILDERS:
        raise ValueError(f"unknown rollup {rollup!r}")
    refs = sorted(set(interaction_refs))
    if days is None and not refs:
        rows = [PendingSlice(organization_id=organization_id, rollup=rollup, day=None)]
    else:
        rows = [
            PendingSlice(organization_id=organization_id, rollup=rollup, day=day)
            for day in sorted(set(days or ()))
        ]
        rows += [
            PendingSlice(organization_id=organization_id, rollup=rollup, interaction_ref=ref)
            for ref in refs
        ]
    if not rows:
        return 0
    PendingSlice.objects.bulk_create(rows)
    from .tasks import drain_rollups  # tasks imports this module

    wake_on_commit(
        drain_rollups,
        (organization_id,),
        countdown=DEBOUNCE_SECONDS,
        once_per=wake_key(organization_id),
    )
    return len(rows)


def lag_seconds() -> float:
    """How long the oldest owed slice has waited (0 when nothing is owed): the rollups'
    delay behind the answers, for monitoring."""
    oldest = PendingSlice.objects.order_by("id").values_list("created_at", flat=True).first()
    return 0.0 if oldest is None else max(0.0, (timezone.now() - oldest).total_seconds())


def owed_count() -> int:
    return PendingSlice.objects.count()


def organizations_owed() -> list[int]:
    return sorted(set(PendingSlice.objects.values_list("organization_id", flat=True)))


def drain(*, organization_id: int) -> dict[str, int]:
    """Compute again every slice the organization is owed; returns, per rollup table,
    how many owed rows were worked off."""
    done = {}
    for rollup in REBUILDERS:
        done[rollup] = 0
        while True:
            claimed = _drain_batch(organization_id, rollup)
            done[rollup] += claimed
            if claimed < CLAIM_BATCH:
                break
    return done


@transaction.atomic
def _drain_batch(organization_id: int, rollup: str) -> int:
    owed = list(
        PendingSlice.objects.select_for_update(skip_locked=True)
        .filter(organization_id=organization_id, rollup=rollup)
        .order_by("id")
        .values_list("id", "day", "interaction_ref")[:CLAIM_BATCH]
    )
    if not owed:
        return 0
    every_day = any(day is None and not ref for _id, day, ref in owed)
    if every_day:
        days = None
    else:
        days = {day for _id, day, _ref in owed if day is not None}
        refs = [ref for _id, _day, ref in owed if ref]
        if refs:
            days.update(rollups.review_days(organization_id, refs))
    # Rows claimed here were committed before this transaction's next statement, which
    # therefore reads every answer they stand for.
    REBUILDERS[rollup](organization_id=organization_id, days=days)
    PendingSlice.objects.filter(pk__in=[pk for pk, _day, _ref in owed]).delete()
    return len(owed)
