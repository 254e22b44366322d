"""A Redis cache that degrades instead of failing when Redis is away.

The cache only ever holds what can be computed again (figures, counters of the public
form's rate limit, debounce marks), so a read that cannot reach Redis is a miss and a
write that cannot reach Redis is dropped: the page is computed, the answer saved. Each
process logs one warning per minute while Redis is away, not one per request.

`add`, `incr` and `decr` are coordination, not caching: a caller that takes a lock or
counts with them must decide what an outage means for it (see `CacheUnavailable`), so
they raise it instead of guessing.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("cxm.cache")

WARN_EVERY_SECONDS = 60


def _connection_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


class CacheUnavailable(Exception):
    """The cache could not be reached for an operation whose caller must decide."""


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, with reads that miss and writes that are dropped while
    Redis cannot be reached."""

    _last_warning = 0.0

    def _warn(self, operation: str, exc: BaseException) -> None:
        now = time.monotonic()
        if now - ResilientRedisCache._last_warning >= WARN_EVERY_SECONDS:
            ResilientRedisCache._last_warning = now
            logger.warning("Cache unreachable (%s: %s); working without it", operation, exc)

    def _soft(self, operation: str, default, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except _connection_errors() as exc:
            self._warn(operation, exc)
            return default

    def _hard(self, operation: str, call, *args, **kwargs):
        try:
            return call(*args, **kwargs)
        except _connection_errors() as exc:
            self._warn(operation, exc)
            raise CacheUnavailable(str(exc)) from exc

    def get(self, key, default=None, version=None):
        return self._soft("get", default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._soft("get_many", {}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._soft("has_key", False, super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("set", None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("set_many", list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._soft("touch", False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._soft("delete", False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._soft("delete_many", None, super().delete_many, keys, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._hard("add", super().add, key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._hard("incr", super().incr, key, delta, version)

    def decr(self, key, delta=1, version=None):
        return self._hard("decr", super().decr, key, delta, version)
