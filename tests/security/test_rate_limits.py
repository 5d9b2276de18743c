"""Login rate limits see the real client behind the reverse proxy (issue 12)."""

import random
import runpy

import pytest
from django.conf import settings
from django.test import override_settings

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
PROXY = "10.0.0.5"  # the nginx every request comes through


def _client_ip() -> str:
    # Rate-limit counters live in a cache shared by the run: a fresh address per test.
    return f"198.51.{random.randint(0, 255)}.{random.randint(1, 254)}"


def _login(client, ip: str, login: str, password: str):
    return client.post(
        LOGIN, {"login": login, "password": password}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ip
    )


def _locked_out(response) -> bool:
    form = response.context and response.context.get("form")
    return bool(form) and any(e.code == "too_many_login_attempts" for e in form.non_field_errors().as_data())


def test_trusted_proxy_count_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("COP_TRUSTED_PROXY_COUNT", "1")
    loaded = runpy.run_path(str(settings.BASE_DIR / "cop_portal" / "settings.py"))
    assert loaded["ALLAUTH_TRUSTED_PROXY_COUNT"] == 1
    monkeypatch.delenv("COP_TRUSTED_PROXY_COUNT")
    assert (
        runpy.run_path(str(settings.BASE_DIR / "cop_portal" / "settings.py"))["ALLAUTH_TRUSTED_PROXY_COUNT"]
        == 0
    )


@override_settings(DEBUG=False, ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_one_client_locked_out_another_still_logs_in(client, member):
    attacker, visitor = _client_ip(), _client_ip()
    responses = [_login(client, attacker, f"guess{n}@example.mn", "wrong") for n in range(11)]
    assert _locked_out(responses[-1])
    response = _login(client, visitor, member.email, PASSWORD)
    assert response.status_code == 302 and not _locked_out(response)


@override_settings(DEBUG=False, ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_a_forged_header_does_not_escape_the_limit(client):
    """The attacker prepends addresses of their own: only the hop nginx appended counts."""
    attacker = _client_ip()
    responses = [
        _login(client, f"203.0.113.{n}, {attacker}", f"forged{n}@example.mn", "wrong") for n in range(11)
    ]
    assert _locked_out(responses[-1])
