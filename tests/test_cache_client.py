"""The Redis cache builds one client per connection pool, not one per command."""

from cop_portal.cache import ResilientRedisCache


def test_every_command_shares_one_client():
    backend = ResilientRedisCache("redis://127.0.0.1:1/0", {})  # never connects: no command sent
    first = backend._cache.get_client("a")
    assert backend._cache.get_client("b") is first
    assert backend._cache.get_client("c", write=True) is first  # one server: one pool
