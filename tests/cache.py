"""The Redis cache of a parallel test run (pytest-xdist): each test process keeps its keys
under its own prefix, so ``cache.clear()`` drops those keys only, never the whole Redis
database that the other test processes are using at the same moment."""

import contextlib

from redis.exceptions import RedisError

from cop_portal.cache import ResilientRedisCache


class OwnKeysRedisCache(ResilientRedisCache):
    def clear(self):
        self._local.clear()
        with contextlib.suppress(RedisError):  # Redis down: none of our keys can be read there
            client = self._cache.get_client(None, write=True)
            keys = list(client.scan_iter(match=f"{self.key_prefix}:*", count=1000))
            if keys:
                client.delete(*keys)
        return True
