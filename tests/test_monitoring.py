"""What a host watches: error reports without personal data, /metrics, /healthz, JSON logs,
and ``Cache-Control: private`` on every signed-in answer."""

from __future__ import annotations

import json
import logging
import time

import pytest
import sentry_sdk
from django.core.cache import cache
from django.urls import reverse
from sentry_sdk.transport import Transport

from cop_portal.monitoring import health
from cop_portal.monitoring.logs import JsonFormatter
from cop_portal.monitoring.reporting import scrub, sentry_init
from tests.factories import DeliveryFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-0123456789"


@pytest.fixture
def liveness_cache():
    cache.delete_many([health.WORKER_KEY, health.BEAT_KEY, health.FAILURES_KEY, health.OUTBOX_KEY])
    yield
    cache.delete_many([health.WORKER_KEY, health.BEAT_KEY, health.FAILURES_KEY, health.OUTBOX_KEY])


# --- error reports ---------------------------------------------------------------------------


class CapturingTransport(Transport):
    """Keeps every envelope the SDK would send, serialised as it would go on the wire."""

    sent: list[bytes] = []

    def capture_envelope(self, envelope):
        self.sent.append(envelope.serialize())


@pytest.fixture
def reporter():
    CapturingTransport.sent = []
    sentry_init(
        "https://public@errors.example.invalid/1",
        environment="test",
        release="test",
        transport=CapturingTransport,
    )
    yield CapturingTransport.sent
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: reporting off again


@pytest.fixture
def person():
    return UserFactory(
        email="oyunaa.batbayar@example.mn",
        full_name="Oyunaa Batbayar",
        phone="+976 9911 2233",
        position="Gender focal point",
    )


def test_an_error_report_carries_no_email_name_phone_or_gender(client, settings, reporter, person):
    settings.ROOT_URLCONF = "tests.monitoring_urls"
    client.force_login(person)
    client.raise_request_exception = False

    response = client.post(
        "/test-failure/?email=oyunaa.batbayar@example.mn",
        {"full_name": "Oyunaa Batbayar", "gender": "woman", "phone": "+976 9911 2233"},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    sentry_sdk.flush()

    assert response.status_code == 500
    payload = b"\n".join(reporter).decode()
    assert "ValueError" in payload and "fail_with_personal_data" in payload  # the report went out
    # The phone in each way it could be written: its digits alone ("9911") are also in thread ids.
    phone = ("9911 2233", "9911+2233", "9911%202233", "99112233")
    for personal in ("oyunaa", "Oyunaa", "Batbayar", *phone, "woman", "Woman", "Эмэгтэй", "203.0.113.9"):
        assert personal not in payload, personal
    event = json.loads(reporter[0].split(b"\n")[2])
    assert event["user"] == {"id": str(person.pk)} or set(event["user"]) <= {"id"}


def test_scrub_filters_personal_fields_and_email_shapes_anywhere():
    event = {
        "user": {"id": "7", "email": "a@b.mn", "ip_address": "10.0.0.1"},
        "extra": {"member": {"full_name": "Dorj", "gender": "man", "count": 3}},
        "exception": {
            "values": [
                {"type": "IntegrityError", "value": "DETAIL: Key (email)=(x.y@gov.mn) already exists."},
                {"type": "ValueError", "value": "no seat for Dorj"},
            ]
        },
        "logentry": {
            "message": "sending to %s failed",
            "params": ["Dorj"],
            "formatted": "sending to Dorj failed",
        },
        "breadcrumbs": {"values": [{"message": "mail to z@org.mn refused", "data": {"to": "z@org.mn"}}]},
        "sdk": {"name": "sentry.python"},
    }

    scrubbed = json.dumps(scrub(event))

    for personal in ("a@b.mn", "10.0.0.1", "Dorj", '"man"', "x.y@gov.mn", "z@org.mn"):
        assert personal not in scrubbed, personal
    assert '"count": 3' in scrubbed and "sentry.python" in scrubbed
    assert "DETAIL: Key (email)=([Filtered]) already exists." in scrubbed  # structural: kept, scrubbed
    assert "sending to %s failed" in scrubbed


# --- /metrics -------------------------------------------------------------------------------------


def test_metrics_are_off_until_a_token_or_an_address_is_set(client, settings):
    settings.COP_METRICS_TOKEN = ""
    settings.COP_METRICS_ALLOWED_IPS = []
    assert client.get("/metrics").status_code == 404


def test_metrics_refuse_a_wrong_token_and_an_unlisted_address(client, settings):
    settings.COP_METRICS_TOKEN = TOKEN
    settings.COP_METRICS_ALLOWED_IPS = ["10.1.0.0/16"]
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.2.0.5").status_code == 403
    assert client.get("/metrics", REMOTE_ADDR="10.1.3.4").status_code == 200


def test_metrics_trust_the_forwarded_address_only_through_the_configured_proxies(client, settings):
    settings.COP_METRICS_TOKEN = ""
    settings.COP_METRICS_ALLOWED_IPS = ["192.0.2.10"]
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxied = {"REMOTE_ADDR": "127.0.0.1"}
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="192.0.2.10", **proxied).status_code == 200
    # A client cannot prepend an address of its own: only the last hop the proxy added counts.
    assert (
        client.get("/metrics", HTTP_X_FORWARDED_FOR="192.0.2.10, 198.51.100.7", **proxied).status_code == 403
    )
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="192.0.2.10", **proxied).status_code == 403


def _metric(text: str, name: str, **labels) -> float:
    for line in text.splitlines():
        if line.startswith("#") or not line.startswith(name):
            continue
        head, value = line.rsplit(" ", 1)
        if head.split("{")[0] == name and all(f'{k}="{v}"' in head for k, v in labels.items()):
            return float(value)
    raise AssertionError(f"{name} {labels} not in the metrics")


def _scrape(client, settings) -> str:
    settings.COP_METRICS_TOKEN = TOKEN
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def test_metrics_count_requests_queries_and_page_cache_hits_by_view(client, settings, fresh_cache):
    before = _scrape(client, settings)
    hits_before = (
        _metric(before, "cop_page_cache_requests_total", result="hit") if 'result="hit"' in before else 0
    )
    client.get(reverse("healthz"))
    client.get("/meetings/")
    client.get("/meetings/")  # the second visitor's request comes from the page cache

    text = _scrape(client, settings)

    assert _metric(text, "cop_http_request_duration_seconds_count", view="healthz") >= 1
    assert _metric(text, "cop_db_queries_per_request_sum", view="healthz") >= 1
    assert _metric(text, "cop_http_requests_total", view="healthz", status="2xx") >= 1
    assert _metric(text, "cop_page_cache_requests_total", result="hit") == hits_before + 1


def test_metrics_report_the_outbox_and_celery(client, settings, liveness_cache):
    old = DeliveryFactory(due_at=time_ago(600))
    DeliveryFactory(next_attempt_at=time_ago(-3600), due_at=time_ago(-3600))  # not due yet
    DeliveryFactory(status="failed")
    health.task_failed(sender=type("T", (), {"name": "meetings.reminders.tasks.reminders_scan"})())
    health.worker_beat()

    text = _scrape(client, settings)

    assert _metric(text, "cop_outbox_backlog") == 1  # neither the failed one nor the one not yet due
    assert _metric(text, "cop_outbox_oldest_waiting_seconds") >= 600
    assert _metric(text, "cop_outbox_failed") == 1
    assert _metric(text, "cop_outbox_parked") == 0
    assert (
        _metric(text, "cop_celery_task_failures_total", task="meetings.reminders.tasks.reminders_scan") == 1
    )
    assert _metric(text, "cop_worker_last_seen_timestamp_seconds") > time.time() - 60
    assert _metric(text, "cop_beat_last_seen_timestamp_seconds") == 0
    assert old.pk


def time_ago(seconds):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(seconds=seconds)


# --- /healthz ---------------------------------------------------------------------------------------


def test_healthz_reports_worker_beat_and_outbox(client, liveness_cache):
    DeliveryFactory(due_at=time_ago(120))

    first = client.get(reverse("healthz")).json()
    health.worker_beat()
    cache.set(health.BEAT_KEY, time.time() - 3600, None)
    cache.delete(health.OUTBOX_KEY)
    second = client.get(reverse("healthz")).json()

    assert first["worker"] == {"status": "unknown"} and first["beat"] == {"status": "unknown"}
    assert second["worker"]["status"] == "ok"
    assert second["beat"]["status"] == "late" and second["beat"]["seconds_ago"] >= 3600
    assert second["outbox"]["backlog"] == 1 and second["outbox"]["oldest_waiting_seconds"] >= 120


def test_healthz_reads_the_outbox_from_the_cache_between_refreshes(
    client, liveness_cache, django_assert_num_queries
):
    client.get(reverse("healthz"))
    with django_assert_num_queries(1):  # SELECT 1
        client.get(reverse("healthz"))


def test_beat_ticks_only_in_the_beat_process(liveness_cache, monkeypatch):
    health.beat_tick()
    assert cache.get(health.BEAT_KEY) is None
    monkeypatch.setattr(health, "_in_beat", False)
    health.beat_started()
    assert cache.get(health.BEAT_KEY) > time.time() - 60


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_running_worker_writes_its_heartbeat(celery_worker_process):
    from tests.worker import wait_until

    wait_until(lambda: cache.get(health.WORKER_KEY) is not None, timeout=60, message="no worker heartbeat")
    assert health.liveness()["worker"]["status"] == "ok"


# --- JSON logs ---------------------------------------------------------------------------------------


def test_json_logs_are_one_object_per_line():
    record = logging.LogRecord("cop.test", logging.WARNING, __file__, 1, "sent %d of %d", (3, 4), None)
    record.delivery_id = 12

    line = JsonFormatter().format(record)

    entry = json.loads(line)
    assert "\n" not in line
    assert entry["level"] == "WARNING" and entry["logger"] == "cop.test"
    assert entry["message"] == "sent 3 of 4" and entry["delivery_id"] == 12


# --- Cache-Control -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/meetings/", "/profile/", "/meetings/mine/", "/organisations/", "/healthz"]
)
def test_every_signed_in_answer_is_private(client, member, path):
    client.force_login(member)
    response = client.get(path)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]


def test_a_visitors_public_page_is_not_marked_private(client):
    response = client.get("/meetings/")
    assert "private" not in response.get("Cache-Control", "")


def test_the_answer_to_a_sign_in_is_private(client):
    UserFactory(email="signin@example.mn", password="a-long-pass-2026")
    response = client.post(
        reverse("account_login"), {"login": "signin@example.mn", "password": "a-long-pass-2026"}
    )
    assert response.status_code == 302
    assert "private" in response["Cache-Control"]


def test_a_failed_celery_task_is_reported_without_personal_data(reporter, person):
    from cop_portal.celery import app

    @app.task(name="tests.monitoring.failing_task")
    def failing_task(user_id):
        from members.models import User

        user = User.objects.get(pk=user_id)
        raise RuntimeError(f"could not write to {user.email} ({user.full_name}, {user.gender})")

    result = failing_task.apply(args=[person.pk])
    sentry_sdk.flush()

    assert result.failed()
    payload = b"\n".join(reporter).decode()
    assert "RuntimeError" in payload and "failing_task" in payload
    for personal in ("oyunaa", "Oyunaa", "Batbayar", "woman"):
        assert personal not in payload, personal
