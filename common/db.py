"""Transactions the database may abort under concurrency, run again before anyone sees
an error."""

import functools
import logging
import random
import time

from django.db import OperationalError, connection, transaction

logger = logging.getLogger("cxm.db")

# SQLSTATE of the aborts worth a second try: deadlock_detected, serialization_failure.
RETRYABLE_STATES = {"40P01", "40001"}
ATTEMPTS = 5


def is_retryable(exc: BaseException) -> bool:
    cause = exc.__cause__ or exc.__context__
    return getattr(cause, "sqlstate", None) in RETRYABLE_STATES


def retry_on_conflict(func=None, *, attempts: int = ATTEMPTS):
    """Run `func` in its own transaction; when PostgreSQL aborts it as a deadlock or a
    serialization failure, wait a little (jittered) and run it again.

    Inside an outer transaction there is nothing to retry (the whole outer transaction
    is lost), so it runs once in a savepoint, and the outermost caller decides."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            if connection.in_atomic_block:
                with transaction.atomic():
                    return function(*args, **kwargs)
            for attempt in range(1, attempts + 1):
                try:
                    with transaction.atomic():
                        return function(*args, **kwargs)
                except OperationalError as exc:
                    if attempt == attempts or not is_retryable(exc):
                        raise
                    logger.info("%s aborted by the database (%s); again", function.__name__, exc)
                    time.sleep(random.uniform(0.01, 0.05) * attempt)
            raise AssertionError("unreachable")

        return wrapper

    return decorate(func) if func is not None else decorate
