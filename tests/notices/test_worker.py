"""Real worker processes, a real SMTP server: each reminder once, none lost.

These start ``celery worker`` processes on the test database and the configured broker
(Redis when REDIS_URL is set), with the SMTP sink of ``smtp_sink.py`` as mail server.
"""

import re
import shutil
import subprocess
import threading
from datetime import UTC, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from meetings.models import Registration
from notices import services as outbox
from notices import tasks
from notices.models import Delivery
from tests.factories import MeetingFactory, RegistrationFactory, UserFactory
from tests.notices.conftest import TEST_QUEUE
from tests.notices.smtp_sink import free_port
from tests.worker import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _env(sink, **extra) -> dict:
    return {
        "EMAIL_URL": sink.url,
        "COP_REMINDER_RETRY_BACKOFF_SECONDS": "0.5",
        "COP_REMINDER_SCAN_SECONDS": "1",
        **{key: str(value) for key, value in extra.items()},
    }


def _due_registrations(count: int):
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(hours=20))
    return meeting, RegistrationFactory.create_batch(count, meeting=meeting)


def _statuses() -> dict:
    return {s: Delivery.objects.filter(status=s).count() for s in Delivery.Status.values}


# What beat logs when it cannot hand the periodic scan to the broker.
BEAT_REFUSED = re.compile(r"Couldn't apply scheduled task notices-scan|beat: Connection error")


def _assert_each_once(sink, expected: int):
    ids = sink.delivery_ids()
    assert max(ids.values()) == 1, f"duplicates: {[k for k, v in ids.items() if v > 1]}"
    assert len(ids) == expected


def test_scan_and_send_delivered_twice_to_two_workers_send_each_once(reminder_processes, smtp_sink):
    _due_registrations(40)
    env = _env(smtp_sink, COP_REMINDER_BATCH_SIZE=5)
    reminder_processes(env=env, name="a")
    reminder_processes(env=env, name="b", purge=False)
    for _ in range(2):  # beat firing twice, or the broker redelivering
        tasks.notices_scan.apply_async(queue=TEST_QUEUE)
        tasks.notices_scan.apply_async(queue=TEST_QUEUE)
        tasks.notices_send_due.apply_async(queue=TEST_QUEUE)
        tasks.notices_send_due.apply_async(queue=TEST_QUEUE)
    wait_until(lambda: _statuses()["sent"] == 40, message=f"{_statuses()}")
    reminder_processes.settle()  # every queued scan and send has run: a duplicate would be in the sink
    _assert_each_once(smtp_sink, 40)


def test_worker_killed_mid_batch_and_restarted_leaves_no_duplicate(reminder_processes, smtp_sink):
    _due_registrations(60)
    smtp_sink.handler.delay = 0.05
    env = _env(
        smtp_sink,
        COP_REMINDER_BATCH_SIZE=20,
        COP_REMINDER_CHUNK_SIZE=4,
        COP_REMINDER_SENDING_TIMEOUT_SECONDS=2,
    )
    first = reminder_processes(env=env, name="first")
    tasks.notices_scan.apply_async(queue=TEST_QUEUE)
    wait_until(lambda: smtp_sink.count >= 10, message=first.log()[-3000:])
    first.kill()
    assert _statuses()["sending"] > 0  # it died holding a claim
    reminder_processes(env=env, name="second", purge=False)
    reminder_processes(env=env, beat=True, name="beat", purge=False)

    def settled():
        """Every row sent, but for the dead claim's chunk that may have gone out: reported."""
        s = _statuses()
        unreported = Delivery.objects.filter(status=Delivery.Status.SENDING).exclude(
            last_error=outbox.STUCK_NOTE
        )
        return (
            s["pending"] == 0
            and s["sent"] + s["sending"] == 60
            and s["sending"] <= 4
            and not unreported.exists()
        )

    wait_until(settled, timeout=90, message=f"{_statuses()}")
    reminder_processes.settle()
    ids = smtp_sink.delivery_ids()
    assert max(ids.values()) == 1
    stuck = list(Delivery.objects.filter(status=Delivery.Status.SENDING))
    # The rows handed over when it died (one chunk at most) are reported, not resent; every
    # other row went out exactly once.
    assert set(ids) | {d.pk for d in stuck} == set(Delivery.objects.values_list("pk", flat=True))
    assert all(d.last_error == outbox.STUCK_NOTE for d in stuck)


def test_smtp_refusing_then_accepting_sends_every_reminder_once(reminder_processes, smtp_sink):
    _due_registrations(10)
    smtp_sink.handler.refusing = True
    env = _env(smtp_sink, COP_REMINDER_MAX_ATTEMPTS=50)
    reminder_processes(env=env, name="w")
    reminder_processes(env=env, beat=True, name="beat", purge=False)
    wait_until(lambda: smtp_sink.handler.refused >= 10, message=f"{_statuses()}")
    smtp_sink.handler.refusing = False
    wait_until(lambda: _statuses()["sent"] == 10, timeout=60, message=f"{_statuses()}")
    reminder_processes.settle()
    _assert_each_once(smtp_sink, 10)
    assert Delivery.objects.filter(attempts__gte=1).exists()


def test_moved_meeting_gets_reminders_for_the_new_time_only(reminder_processes, smtp_sink):
    meeting, registrations = _due_registrations(5)
    meeting.reminder_offsets_hours = [24]
    meeting.save()
    outbox.deliveries_create_due()  # queued for the old time
    meeting.starts_at += timedelta(hours=2)
    meeting.ends_at += timedelta(hours=2)
    meeting.save()
    reminder_processes(env=_env(smtp_sink), name="w")
    tasks.notices_scan.apply_async(queue=TEST_QUEUE)
    wait_until(lambda: _statuses()["sent"] == 5, message=f"{_statuses()}")
    reminder_processes.settle()
    _assert_each_once(smtp_sink, 5)
    sent = Delivery.objects.filter(status=Delivery.Status.SENT)
    assert {d.context["meeting_starts_at"] for d in sent} == {meeting.starts_at.astimezone(UTC).isoformat()}
    assert Delivery.objects.filter(status=Delivery.Status.SKIPPED).count() == 5


# --- the broker down -----------------------------------------------------------------------


class PrivateRedis:
    """A throw-away redis-server of our own: the shared one on 6379 is never stopped."""

    def __init__(self):
        self.port = 6390 if _port_free(6390) else free_port()
        self.proc = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.proc = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: not _port_free(self.port), timeout=10)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture
def private_redis():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not on PATH (apt-get install redis-server)")
    from cop_portal.celery import app

    redis = PrivateRedis()
    redis.start()
    saved = (app.conf.broker_url, app.conf.broker_transport_options, app._pool, app.amqp._producer_pool)
    app.conf.broker_url = redis.url
    # The worker and beat it starts inherit the suite's settings: the same key prefix, if any.
    prefix = {"global_keyprefix": settings.TEST_BROKER_KEYPREFIX} if settings.TEST_BROKER_KEYPREFIX else {}
    app.conf.broker_transport_options = {"socket_connect_timeout": 1, "socket_timeout": 2, **prefix}
    app._pool = None
    app.amqp._producer_pool = None
    yield redis
    redis.stop()
    app.conf.broker_url, app.conf.broker_transport_options, app._pool, app.amqp._producer_pool = saved


def test_broker_down_registering_returns_fast_and_the_scan_catches_up(
    reminder_processes, smtp_sink, private_redis, client, monkeypatch
):
    """Redis stopped: the web request still succeeds without ever waiting for the broker
    (nothing is published from the request's thread); once Redis is back the confirmation
    and the reminder that fell due meanwhile go out, each once."""
    from celery.app.task import Task

    published_in_request: list[str] = []
    publish = Task.apply_async

    def spy(task, *args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            published_in_request.append(task.name)
        return publish(task, *args, **kwargs)

    monkeypatch.setattr(Task, "apply_async", spy)
    user = UserFactory()
    client.force_login(user)
    env = _env(smtp_sink, REDIS_URL=private_redis.url)
    worker = reminder_processes(env=env, name="w")
    beat = reminder_processes(env=env, beat=True, name="beat", purge=False)
    private_redis.stop()
    # Made only now (however long the processes took to start), so that its 24-hour
    # reminder falls due a few seconds after the member registers.
    meeting = MeetingFactory(
        starts_at=timezone.now() + timedelta(hours=24, seconds=4), reminder_offsets_hours=[24]
    )

    response = client.post(f"/meetings/{meeting.pk}/register/", follow=True)
    assert published_in_request == []  # a publish here would block on the dead broker
    assert response.status_code == 200
    assert Registration.objects.get(meeting=meeting, user=user).status == Registration.Status.CONFIRMED
    # The reminder falls due, and after that beat tries to send a scan and cannot reach the broker.
    due_at = meeting.starts_at - timedelta(hours=24)
    wait_until(lambda: timezone.now() >= due_at, timeout=60, message="the reminder never fell due")
    refused = len(BEAT_REFUSED.findall(beat.log()))
    wait_until(
        lambda: len(BEAT_REFUSED.findall(beat.log())) > refused,
        timeout=60,
        message=f"beat did not try to send a scan:\n{beat.log()[-3000:]}",
    )
    assert smtp_sink.count == 0
    assert not Delivery.objects.filter(status=Delivery.Status.SENT).exists()

    private_redis.start()
    # The sink receives a message a moment before the worker records it as sent: wait for both.
    wait_until(
        lambda: smtp_sink.count == 2 and Delivery.objects.filter(status=Delivery.Status.SENT).count() == 2,
        timeout=90,
        message=f"{_statuses()}\n{worker.log()[-3000:]}\n{beat.log()[-3000:]}",
    )
    reminder_processes.settle()
    _assert_each_once(smtp_sink, 2)
    kinds = set(Delivery.objects.filter(status=Delivery.Status.SENT).values_list("kind", flat=True))
    assert kinds == {"meeting_confirmed", "meeting_reminder"}
