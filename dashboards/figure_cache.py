"""Computed dashboard figures, cached per organization until its figures can change.

Every entry's key carries the organization's *generation*, a random token replaced
(after commit) whenever a rollup slice of the organization is rewritten with different
rows, or something the panels name (a location, a consultant, a journey) is saved. So a
reader never gets figures older than the rollups, and nothing has to find and delete old
entries: they are never asked for again and expire.

The figures viewed in the last hour are then computed again in the background (Celery,
`dashboards.warm_figures`), so their next reader does not wait for them; each entry is
computed from its name and params alone (recipes.py).
"""

import hashlib
import uuid

from django.core.cache import cache
from django.db import transaction

from common.cache import CacheUnavailable

TIMEOUT = 15 * 60
# How many recently viewed figures an organization keeps warm, and for how long.
RECENT = 20
RECENT_SECONDS = 60 * 60


def _generation_key(organization_id: int) -> str:
    return f"dashboards:generation:{organization_id}"


def generation(organization_id: int) -> str:
    key = _generation_key(organization_id)
    value = cache.get(key)
    if value is None:
        # A random token, not a counter: if the cache lost the token but kept entries,
        # a counter starting again at 1 could meet entries it had already outlived.
        try:
            cache.add(key, uuid.uuid4().hex, None)
        except CacheUnavailable:
            # Redis is away: every read misses, so the figures are computed afresh.
            return uuid.uuid4().hex
        value = cache.get(key)
    return value or uuid.uuid4().hex


def invalidate(organization_id: int) -> None:
    """The organization's figures change: readers after the commit compute them afresh
    (readers before it could otherwise cache the old figures under the new token), and
    the recently viewed ones are computed again in the background."""

    def changed():
        cache.set(_generation_key(organization_id), uuid.uuid4().hex, None)
        from .tasks import schedule_warming

        schedule_warming(organization_id)

    transaction.on_commit(changed)


def _key(organization_id: int, token: str, name: str, params: object) -> str:
    digest = hashlib.sha256(repr(params).encode()).hexdigest()[:32]
    return f"dashboards:{organization_id}:{token}:{name}:{digest}"


def _compute(name: str, params: object):
    from .recipes import RECIPES

    return RECIPES[name](params)


def _recent_key(organization_id: int) -> str:
    return f"dashboards:recent:{organization_id}"


def remember(organization_id: int, name: str, params: tuple):
    """The figure `name` (recipes.RECIPES) for `params`, computed or as computed since
    the organization's figures last changed. `params` must have a stable repr (a Scope,
    numbers, strings) and hold everything the figure depends on: the Scope carries what
    the reader may see (its locations and consultant, accounts.selectors.visibility), so
    one location's manager is never served another location's cached panel."""
    key = _key(organization_id, generation(organization_id), name, params)
    value = cache.get(key)
    if value is None:
        value = _compute(name, params)
        cache.set(key, value, TIMEOUT)
        recent = cache.get(_recent_key(organization_id)) or []
        recent = [(name, params)] + [entry for entry in recent if entry != (name, params)]
        cache.set(_recent_key(organization_id), recent[:RECENT], RECENT_SECONDS)
    return value


def missing(organization_id: int) -> list[tuple[str, tuple]]:
    """The recently viewed figures of the organization its current generation lacks."""
    token = generation(organization_id)
    return [
        (name, params)
        for name, params in cache.get(_recent_key(organization_id)) or []
        if cache.get(_key(organization_id, token, name, params)) is None
    ]


def warm(organization_id: int) -> int:
    """Compute the recently viewed figures the current generation lacks; returns how
    many."""
    token = generation(organization_id)
    entries = missing(organization_id)
    for name, params in entries:
        cache.set(_key(organization_id, token, name, params), _compute(name, params), TIMEOUT)
    return len(entries)
