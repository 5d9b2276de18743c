"""Two gunicorn instances (two ports, one PostgreSQL database, one Redis) behave as one site:
a session opened on one is valid on the other, and failed logins counted on one lock the
account out on the other.

Runs on PostgreSQL + Redis only: on SQLite with the file cache there is no second server to
share anything with in production, and a file database under two servers proves nothing
about the deployment the README documents.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import PASSWORD, UserFactory
from tests.worker import BASE_DIR, database_url, wait_until

# Starts two gunicorn servers on the test database: not beside other tests.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.serial]

LOGIN = "/accounts/login/"
SIGNED_IN_ONLY = "/profile/"


def _skip_reason() -> str:
    if connection.vendor != "postgresql":
        return "needs PostgreSQL: two servers share the database only in a real deployment"
    if not settings.REDIS_URL:
        return "needs REDIS_URL: sessions and login limits are shared through Redis and the database"
    return ""


class Instance:
    """One gunicorn (one sync worker) with production settings on a free port."""

    def __init__(self, name: str, log_dir: Path):
        self.name = name
        self.log_path = log_dir / f"gunicorn-{name}.log"
        self.proc: subprocess.Popen | None = None
        self.port = 0

    def start(self, env: dict) -> None:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen(
                [str(BASE_DIR / ".venv" / "bin" / "gunicorn"), "cop_portal.wsgi", "--bind",
                 f"127.0.0.1:{self.port}", "--workers", "1", "--timeout", "300"],
                cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def answers(self) -> bool:
        assert self.proc.poll() is None, f"gunicorn {self.name} exited: {self.log_path.read_text()[-2000:]}"
        try:
            return self.request("GET", "/healthz", {})[0] in (200, 503)
        except OSError:
            return False

    def request(self, method: str, path: str, cookies: dict, body: str = "", headers: dict | None = None):
        """(status, headers, text); cookies are sent and updated by hand (they are marked Secure)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        hdrs = {"Host": "127.0.0.1", **(headers or {})}
        if cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if body:
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=body or None, headers=hdrs)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    cookies[key] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), text
        finally:
            conn.close()

    def log_tail(self) -> str:
        return self.log_path.read_text()[-3000:]

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _production_env(var_dir: Path, static: Path) -> dict:
    # DJANGO_SETTINGS_MODULE stays the suite's (inherited): production settings with the
    # password hasher that stored the test users' passwords.
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "two-instances-test-secret-not-for-production-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_HSTS_SECONDS": "0",
        "COP_TRUSTED_PROXY_COUNT": "1",
        "COP_VAR_DIR": str(var_dir),
        "DJANGO_STATIC_ROOT": str(static),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_CACHE_URL", None)
    return env


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Production settings serve hashed static files: collect them once for the module."""
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [str(BASE_DIR / ".venv" / "bin" / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR, env={**os.environ, "DJANGO_DEBUG": "false", "DJANGO_STATIC_ROOT": str(root),
                           "DJANGO_SECRET_KEY": "two-instances-test-secret-not-for-production-0123456789abcdef"},
        check=True, timeout=600,
    )  # fmt: skip
    return root


@pytest.fixture
def instances(tmp_path, request):
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    env = _production_env(tmp_path, request.getfixturevalue("static_root"))
    pair = [Instance("a", tmp_path), Instance("b", tmp_path)]
    try:
        for instance in pair:
            instance.start(env)
        for instance in pair:
            wait_until(instance.answers, timeout=180, message=f"gunicorn {instance.name} did not start")
        yield pair
    finally:
        for instance in pair:
            instance.stop()


def _client_headers() -> dict:
    # A fresh client address per run: the per-address limits of earlier runs stay in Redis.
    n = uuid.uuid4().int
    return {"X-Forwarded-For": f"198.18.{n % 256}.{(n >> 8) % 254 + 1}"}


def _login(instance: Instance, cookies: dict, headers: dict, email: str, password: str) -> int:
    status, _h, page = instance.request("GET", LOGIN, cookies, headers=headers)
    assert status == 200, instance.log_tail()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    from urllib.parse import urlencode

    body = urlencode({"csrfmiddlewaretoken": token, "login": email, "password": password})
    status, _h, _page = instance.request("POST", LOGIN, cookies, body, {**headers, "Referer": LOGIN})
    return status


def _signed_in(instance: Instance, cookies: dict, headers: dict) -> bool:
    status, _h, _page = instance.request("GET", SIGNED_IN_ONLY, dict(cookies), headers=headers)
    assert status in (200, 302)
    return status == 200


def test_a_session_opened_on_one_instance_is_valid_on_the_other(instances):
    a, b = instances
    user = UserFactory(email=f"two-{uuid.uuid4().hex[:10]}@example.mn")
    headers, cookies = _client_headers(), {}
    assert not _signed_in(b, cookies, headers)
    assert _login(a, cookies, headers, user.email, PASSWORD) == 302
    assert _signed_in(a, cookies, headers)
    assert _signed_in(b, cookies, headers)


def test_failed_logins_on_one_instance_lock_the_account_on_the_other(instances):
    a, b = instances
    user = UserFactory(email=f"two-{uuid.uuid4().hex[:10]}@example.mn")
    headers = _client_headers()
    limit = int(
        settings.ACCOUNT_LOGIN_ATTEMPTS_LIMIT if hasattr(settings, "ACCOUNT_LOGIN_ATTEMPTS_LIMIT") else 5
    )
    for _ in range(limit):
        assert _login(a, {}, headers, user.email, "not-the-password") == 200
    # The right password, on the other instance: refused because of the failures counted on A.
    cookies = {}
    assert _login(b, cookies, headers, user.email, PASSWORD) == 200
    assert not _signed_in(b, cookies, headers)
    # Another account from the same address is not locked: the lock is the account's.
    other = UserFactory(email=f"two-{uuid.uuid4().hex[:10]}@example.mn")
    cookies = {}
    assert _login(b, cookies, headers, other.email, PASSWORD) == 302
    assert _signed_in(b, cookies, headers)
