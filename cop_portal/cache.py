"""The Redis cache backend, made a cache rather than a single point of failure.

Django's ``RedisCache`` raises when Redis is unreachable, and allauth's login rate limit
reads the cache on every sign-in: with Redis down, signing in answered 500. This backend
answers from the database instead while Redis is unreachable (it retries Redis after
``RETRY_SECONDS``): one table (``cop_cache_fallback``) that every web process and worker
shares, so rate limits keep one count for the whole site (a count per process would multiply
the limit by the number of workers) and ``add`` locks still exclude across processes. Reads
that miss are misses. Page caching asks :func:`ResilientRedisCache.shared_ok` and does not
cache while Redis is down (the fallback is for counts and locks, not pages).
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# The shared fallback's table (``cop_portal.models.SharedFallbackEntry``).
FALLBACK_TABLE = "cop_cache_fallback"


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` for every command (its constructor fills
    a table of some 170 reply parsers each time, a tenth of a millisecond); one per
    connection pool serves every command, as the pool does the connections."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        # Fail fast: a request never waits seconds for a cache.
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._local = DatabaseCache(
            FALLBACK_TABLE,
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "OPTIONS": {"MAX_ENTRIES": 20000},
            },
        )
        self._down_until = 0.0
        self._lock = threading.Lock()

    def shared_ok(self) -> bool:
        """False while Redis is known to be unreachable (the local fallback is answering)."""
        return time.monotonic() >= self._down_until

    def _call(self, name: str, *args, **kwargs):
        if self.shared_ok():
            try:
                return getattr(super(), name)(*args, **kwargs)
            except RedisError:
                with self._lock:
                    if self.shared_ok():
                        log.warning(
                            "cache: Redis unreachable, answering from the database for %ss", RETRY_SECONDS
                        )
                    self._down_until = time.monotonic() + RETRY_SECONDS
        return getattr(self._local, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        self._local.clear()
        return self._call("clear")
