"""Redis away: the cache misses and drops writes instead of failing the request; the
operations other code coordinates with (add, incr, decr) say so."""

import logging

import pytest

from common.cache import CacheUnavailable, ResilientRedisCache


@pytest.fixture
def cache(dead_redis_url):
    return ResilientRedisCache(
        dead_redis_url, {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}}
    )


def test_reads_miss_while_redis_is_away(cache):
    assert cache.get("figures", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("a") is False


def test_writes_are_dropped_while_redis_is_away(cache):
    cache.set("figures", {"nps": 40}, 60)
    cache.set_many({"a": 1}, 60)
    cache.delete("figures")
    cache.delete_many(["a"])
    assert cache.touch("a") is False


@pytest.mark.parametrize("operation", ["add", "incr", "decr"])
def test_coordination_says_the_cache_is_away(cache, operation):
    call = {"add": lambda: cache.add("k", 1), "incr": lambda: cache.incr("k")}
    call["decr"] = lambda: cache.decr("k")
    with pytest.raises(CacheUnavailable):
        call[operation]()


def test_an_outage_is_logged_once_a_minute_not_per_call(cache, caplog):
    ResilientRedisCache._last_warning = 0.0
    with caplog.at_level(logging.WARNING, logger="cxm.cache"):
        for _ in range(5):
            cache.get("figures")
    assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1
