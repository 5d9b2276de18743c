"""Redis is a cache, not a single point of failure: a private redis-server is stopped in the
middle of the test and signing in still works, rate limits still hold, pages still answer."""

import shutil
import socket
import subprocess
import time
import uuid

import pytest
from django.core.cache import cache

from cop_portal.cache import ResilientRedisCache

pytestmark = [
    pytest.mark.django_db,
    # Starts and stops a redis-server, and waits out the cache's retry delay: not beside other tests.
    pytest.mark.serial,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture
def private_redis(settings, tmp_path):
    port = _free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while not _answers(port):
        assert time.monotonic() < deadline, "private redis-server did not start"
        time.sleep(0.05)
    settings.CACHES = {
        "default": {
            "BACKEND": "cop_portal.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": f"t{uuid.uuid4().hex[:6]}",
        }
    }

    def stop():
        proc.terminate()
        proc.wait(timeout=10)
        deadline = time.monotonic() + 10
        while _answers(port):
            assert time.monotonic() < deadline
            time.sleep(0.05)

    yield stop
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=10)


def _login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_login_and_rate_limits_survive_redis_stopping(client, member, private_redis):
    assert _login(client, member.email, "test-pass-2026").status_code == 302
    assert cache.shared_ok()
    client.logout()

    private_redis()  # Redis goes away mid-test.

    # Signing in still works (never a 500) ...
    response = _login(client, member.email, "test-pass-2026")
    assert response.status_code == 302
    assert client.get("/meetings/").status_code == 200
    client.logout()
    assert client.get("/").status_code == 200
    assert client.get("/healthz").status_code in (200, 503)

    # ... and failed logins are still limited (counted in the shared database table while Redis is down).
    email = f"nobody-{uuid.uuid4().hex[:8]}@example.mn"
    codes = []
    for _ in range(6):
        response = _login(client, email, "wrong")
        assert response.status_code == 200
        codes.append([e.code for e in response.context["form"].non_field_errors().as_data()])
    assert all("too_many_login_attempts" not in c for c in codes[:5])
    assert "too_many_login_attempts" in codes[5]


def test_backend_answers_misses_and_local_writes_when_redis_is_down(private_redis):
    from django.core.cache import caches

    backend = caches["default"]
    assert isinstance(backend, ResilientRedisCache)
    backend.set("k", 1)
    assert backend.get("k") == 1 and backend.shared_ok()
    private_redis()
    assert backend.get("k") is None  # a miss, not an exception
    assert not backend.shared_ok()
    assert backend.add("lock", True) is True
    assert backend.add("lock", True) is False  # locks still exclude within the process
    backend.set("k", 2)
    assert backend.get("k") == 2
