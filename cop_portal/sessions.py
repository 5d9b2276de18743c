"""Sessions read from the cache, kept in the database (``SESSION_ENGINE``).

Django's ``cached_db`` engine: every write goes to the database and then to the cache, and a
read asks the cache first, so a signed-in page reads its session without a query. The copy
in the cache lives ``CACHE_SECONDS`` at most (Django keeps it as long as the session): while
Redis is unreachable, writes and sign-outs reach only the database and the shared fallback
table (cop_portal/cache.py), and a copy older than that could otherwise outlive them, in
Redis once it answers again or in the fallback table at the next outage.
"""

from __future__ import annotations

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

CACHE_SECONDS = 60


class _ShortLived:
    """The session cache with every entry's lifetime cut to ``CACHE_SECONDS``."""

    def __init__(self, cache):
        self._cache = cache

    def set(self, key, value, timeout=None, **kwargs):
        timeout = CACHE_SECONDS if timeout is None else min(timeout, CACHE_SECONDS)
        return self._cache.set(key, value, timeout, **kwargs)

    async def aset(self, key, value, timeout=None, **kwargs):
        timeout = CACHE_SECONDS if timeout is None else min(timeout, CACHE_SECONDS)
        return await self._cache.aset(key, value, timeout, **kwargs)

    def __contains__(self, key):
        return key in self._cache

    def __getattr__(self, name):
        return getattr(self._cache, name)


class SessionStore(CachedDBStore):
    def __init__(self, session_key=None):
        super().__init__(session_key)
        self._cache = _ShortLived(self._cache)
