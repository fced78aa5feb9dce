"""A Redis cache that degrades to no cache when Redis is down (MLPS finding 9).

Django's ``RedisCache`` raises ``redis.ConnectionError`` from every call once Redis is gone, and
every page or API that reads a cached count, a data version or a throttle history would answer
500. Nothing the portal keeps in the cache is the only copy (sessions, lockouts and tasks live in
the database), so a read that fails is a miss and a write that fails is dropped: the page costs
its uncached queries, throttles count nothing (off) until Redis is back. After a failure the
backend does not try Redis again for ``RETRY_AFTER`` seconds, so a dead Redis costs one refused
connection per process now and then, not one per call. ``/healthz`` calls ``ping()``, which
raises, to report the cache as down.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` for every call (its constructor fills a table
    of some 200 reply callbacks: about 0.1 ms, three times on a public page). One per connection
    pool does the same work: a ``redis.Redis`` takes a connection from its pool per command and
    is safe to share, and Django keeps a cache backend per thread anyway."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """``RedisCache`` whose calls answer "nothing cached" instead of raising while Redis is down."""

    RETRY_AFTER = 5.0

    def __init__(self, server, params):
        options = params.setdefault("OPTIONS", {})
        # A Redis that does not answer must not hold a request for long.
        options.setdefault("socket_connect_timeout", 1)
        options.setdefault("socket_timeout", 1)
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._down_until = 0.0

    def _guard(self, operation: str, call, default):
        if time.monotonic() < self._down_until:
            return default
        try:
            return call()
        except DOWN as exc:
            self._down_until = time.monotonic() + self.RETRY_AFTER
            logger.warning("cache %s failed, continuing without the cache: %s", operation, exc)
            return default

    def ping(self) -> None:
        """Raise when Redis does not answer (for ``/healthz``); never swallowed."""
        self._cache.get_client(write=True).ping()
        self._down_until = 0.0

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            "add", lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), False
        )

    def get(self, key, default=None, version=None):
        return self._guard(
            "get", lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            "set", lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            "touch", lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None):
        return self._guard("delete", lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None):
        return self._guard("get_many", lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._guard("has_key", lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None):
        # Django's contract: incr of a missing key raises ValueError; "down" is a missing key.
        missing = object()
        result = self._guard(
            "incr", lambda: super(ResilientRedisCache, self).incr(key, delta, version), missing
        )
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the cache is down)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            "set_many", lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def delete_many(self, keys, version=None):
        return self._guard(
            "delete_many", lambda: super(ResilientRedisCache, self).delete_many(keys, version), None
        )

    def clear(self):
        return self._guard("clear", lambda: super(ResilientRedisCache, self).clear(), False)
