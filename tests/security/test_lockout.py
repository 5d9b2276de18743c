"""Failed sign-ins lock one account from one address; a longer per-account backstop locks it
only from addresses it never signed in from; with Redis down the counts stay shared through
the database (issue: 5 failures from any addresses locked a coordinator out for everyone, and
with Redis down each worker kept a count of its own)."""

import socket

import pytest
from django.test import override_settings

from cop_portal.cache import ResilientRedisCache
from tests.factories import PASSWORD
from tests.security.test_rate_limits import _client_ip, _locked_out, _login

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_behind_the_proxy")]


@pytest.fixture
def _behind_the_proxy():
    with override_settings(DEBUG=False, ALLAUTH_TRUSTED_PROXY_COUNT=1):
        yield


def _signed_in(client, ip, member) -> bool:
    response = _login(client, ip, member.email, PASSWORD)
    client.logout()
    return response.status_code == 302 and not _locked_out(response)


def test_failures_from_other_addresses_alone_do_not_lock_the_person_out(client, member):
    own = _client_ip()
    assert _signed_in(client, own, member)  # the address the person signs in from
    for n in range(30):  # past the per-account backstop, from addresses of the attacker's
        _login(client, f"203.0.113.{n + 1}", member.email, "wrong")
    assert _signed_in(client, own, member)


def test_five_failures_lock_the_account_from_that_address_only(client, member):
    attacker, other = _client_ip(), _client_ip()
    responses = [_login(client, attacker, member.email, "wrong") for _ in range(6)]
    assert not any(_locked_out(r) for r in responses[:5]) and _locked_out(responses[5])
    assert _locked_out(_login(client, attacker, member.email, PASSWORD))  # even the right password
    assert _signed_in(client, other, member)


def test_the_backstop_locks_the_account_from_addresses_it_never_used(client, member):
    own = _client_ip()
    assert _signed_in(client, own, member)
    for n in range(20):  # four failures each from five addresses: under the per-address limit
        _login(client, f"198.18.0.{n // 4 + 1}", member.email, "wrong")
    assert _locked_out(_login(client, _client_ip(), member.email, PASSWORD))
    assert _signed_in(client, own, member)


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: nothing listens there


def test_with_redis_down_two_processes_share_counts_and_locks():
    """Two cache backends stand for two worker processes; Redis does not answer."""
    location = f"redis://127.0.0.1:{_dead_port()}/0"
    first, second = (ResilientRedisCache(location, {"KEY_PREFIX": "lockout-test"}) for _ in range(2))
    first.set("allauth:rl:login_failed:someone", [1.0, 2.0, 3.0])
    assert not first.shared_ok()
    assert second.get("allauth:rl:login_failed:someone") == [1.0, 2.0, 3.0]
    assert first.add("lock:close", True) is True
    assert second.add("lock:close", True) is False
