"""Waking the worker: a best-effort nudge, never a step the request depends on.

Work owed to derived data is recorded in the database first (by the service that owes
it, in the same transaction); a message on the broker only makes the worker do it
sooner, and Celery beat sweeps whatever is still owed. So when the broker (Redis) is
away, `wake` logs and returns: the request that recorded the work still succeeds, and
nothing is lost. In the embedded mode (eager Celery) the task runs in-process at once,
and its errors propagate as any other code's would.
"""

import logging
import threading
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction

from .cache import CacheUnavailable

logger = logging.getLogger("cxm.jobs")

# A wake-up is one try: the sweep is the retry.
WAKE_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}


def _broker_errors() -> tuple[type[BaseException], ...]:
    import kombu.exceptions
    import redis

    return (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)


def wake(task, args: tuple = (), *, countdown: float = 0, once_per: str = "") -> bool:
    """Send `task(*args)` to the worker, unless a wake-up with the same `once_per` key was
    sent less than `countdown` seconds ago and has not started yet (the task deletes the
    key when it starts: see `woken`). Returns whether a message was sent."""
    if task.app.conf.task_always_eager:
        task.apply_async(args)
        return True
    if once_per:
        try:
            if not cache.add(once_per, 1, timeout=int(countdown * 30) + 60):
                return False
        except CacheUnavailable:
            pass  # cannot debounce: send anyway
    try:
        task.apply_async(args, countdown=countdown, retry=True, retry_policy=WAKE_RETRY_POLICY)
    except _broker_errors() as exc:
        logger.warning("Could not wake the worker for %s (%s); the sweep will", task.name, exc)
        if once_per:
            cache.delete(once_per)
        return False
    return True


def woken(once_per: str) -> None:
    """Called first by a task that `wake` debounces: later changes wake it again."""
    cache.delete(once_per)


_held = threading.local()


@contextmanager
def wakes_held():
    """Inside the block, wake-ups sent on commit are collected (once per task and
    arguments) and sent when it ends: a long job that commits in many steps (an import
    of 100,000 rows in chunks) wakes the worker once, not once per step, which in the
    embedded mode would recompute the rollups after every chunk."""
    if getattr(_held, "wakes", None) is not None:
        yield
        return
    _held.wakes = {}
    try:
        yield
    finally:
        wakes, _held.wakes = _held.wakes, None
        for task, args, countdown, once_per in wakes.values():
            wake(task, args, countdown=countdown, once_per=once_per)


def wake_on_commit(task, args: tuple = (), *, countdown: float = 0, once_per: str = "") -> None:
    """`wake` once the current transaction commits (at once outside of one)."""

    def send():
        held = getattr(_held, "wakes", None)
        if held is None:
            wake(task, args, countdown=countdown, once_per=once_per)
        else:
            held[(task.name, tuple(args))] = (task, args, countdown, once_per)

    transaction.on_commit(send)
