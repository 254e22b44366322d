"""Computed dashboard figures, cached per organization until its figures can change.

Every entry's key carries the organization's *generation*, a random token replaced
(after commit) whenever a rollup slice of the organization is rewritten with different
rows, or something the panels name (a location, a consultant, a moment…) is saved. So a
reader never gets figures older than the rollups, and nothing has to find and delete old
entries: they are never asked for again and expire.
"""

import hashlib
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

TIMEOUT = 15 * 60


def _generation_key(organization_id: int) -> str:
    return f"dashboards:generation:{organization_id}"


def generation(organization_id: int) -> str:
    key = _generation_key(organization_id)
    value = cache.get(key)
    if value is None:
        # A random token, not a counter: if the cache lost the token but kept entries,
        # a counter starting again at 1 could meet entries it had already outlived.
        cache.add(key, uuid.uuid4().hex, None)
        value = cache.get(key)
    return value


def invalidate(organization_id: int) -> None:
    """The organization's figures change: readers after the commit compute them afresh
    (readers before it could otherwise cache the old figures under the new token)."""
    transaction.on_commit(
        lambda: cache.set(_generation_key(organization_id), uuid.uuid4().hex, None)
    )


def remember(organization_id: int, name: str, params: object, compute: Callable[[], object]):
    """`compute()`, or the value it gave for the same name and params since the
    organization's figures last changed. `params` must have a stable repr (a Scope,
    numbers, strings)."""
    digest = hashlib.sha256(repr(params).encode()).hexdigest()[:32]
    key = f"dashboards:{organization_id}:{generation(organization_id)}:{name}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
