"""Fixtures of the reminders' tests: meetings due for a reminder, and helpers."""

import contextlib
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import MeetingFactory, RegistrationFactory
from tests.worker import WorkerProcess


@pytest.fixture
def due_meeting(db):
    """A published meeting starting in 20 hours: its 1-day reminder is due."""
    return MeetingFactory(starts_at=timezone.now() + timedelta(hours=20))


@pytest.fixture
def registrations(due_meeting):
    return RegistrationFactory.create_batch(3, meeting=due_meeting)


# --- real worker processes with the knobs these tests turn -----------------------------------

TEST_QUEUE = "reminders-test"


def _purge(app) -> None:
    """Drop leftovers of an earlier run from the test queue."""
    with app.connection_for_write() as conn, contextlib.suppress(Exception):
        conn.default_channel.queue_purge(TEST_QUEUE)


@pytest.fixture
def reminder_processes(tmp_path, django_db_blocker):
    """Start worker/beat processes with ``start(env=..., beat=...)``; all stopped at the end."""
    from cop_portal.celery import app

    started: list[WorkerProcess] = []

    def start(*, env: dict, beat: bool = False, name: str = "w", purge: bool = True) -> WorkerProcess:
        if purge:
            _purge(app)
        proc = WorkerProcess(
            tmp_path / f"mail-{len(started)}",
            env={"DJANGO_SETTINGS_MODULE": "tests.reminders.worker_settings", **env},
            beat=beat,
            name=f"rem-{name}",
        )
        with django_db_blocker.unblock():
            proc.start()
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.stop()


@pytest.fixture
def smtp_sink():
    from tests.reminders.smtp_sink import SmtpSink

    with SmtpSink() as sink:
        yield sink


@pytest.fixture(autouse=True)
def _no_kick(request, monkeypatch):
    """Queueing here never asks a worker to send: a session-wide worker of other tests on
    the same broker would otherwise take rows these tests claim or count themselves.
    Tests on their own private broker keep the real kick (no other worker listens there)."""
    if "private_redis" in request.fixturenames:
        return
    monkeypatch.setattr("meetings.reminders.services.queueing._kick_sender", lambda: None)
