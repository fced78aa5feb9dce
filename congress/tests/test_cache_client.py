"""congress.cache_backends: one redis.Redis per connection pool, not one per cache call (issue 16)."""

from congress.cache_backends import ResilientRedisCache

# Nothing listens on port 1: building clients never connects, and the real Redis is not touched.
DEAD_REDIS = "redis://127.0.0.1:1/0"


def test_the_client_is_built_once_per_pool():
    backend = ResilientRedisCache(DEAD_REDIS, {})
    first = backend._cache.get_client(write=True)
    assert backend._cache.get_client(write=False) is first  # one server: one pool for both
    assert first.connection_pool is backend._cache._get_connection_pool(True)


def test_a_replica_gets_its_own_client():
    backend = ResilientRedisCache(f"{DEAD_REDIS},redis://127.0.0.1:1/1", {})
    writer = backend._cache.get_client(write=True)
    readers = {id(backend._cache.get_client(write=False)) for _ in range(20)}
    assert id(writer) not in readers
    assert all(
        backend._cache.get_client(write=False).connection_pool is not writer.connection_pool for _ in range(5)
    )


def test_the_cache_down_is_still_a_miss():
    backend = ResilientRedisCache(DEAD_REDIS, {})
    assert backend.get("k", "default") == "default"
    assert backend.get_many(["k"]) == {}
