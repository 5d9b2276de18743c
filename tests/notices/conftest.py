"""Fixtures of the reminders' tests: meetings due for a reminder, and helpers."""

import contextlib
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import MeetingFactory, RegistrationFactory
from tests.worker import WorkerProcess, queue_size, wait_until


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


class ReminderProcesses:
    """Worker and beat processes started with ``start(env=..., beat=...)`` (or by calling the
    object), stopped at the end of the test, or earlier by ``settle()``."""

    def __init__(self, tmp_path, django_db_blocker):
        self.tmp_path = tmp_path
        self.blocker = django_db_blocker
        self.started: list[WorkerProcess] = []

    def start(self, *, env: dict, beat: bool = False, name: str = "w", purge: bool = True) -> WorkerProcess:
        from cop_portal.celery import app

        if purge:
            _purge(app)
        proc = WorkerProcess(
            self.tmp_path / f"mail-{len(self.started)}",
            env={"DJANGO_SETTINGS_MODULE": "tests.notices.worker_settings", **env},
            beat=beat,
            name=f"rem-{name}",
        )
        with self.blocker.unblock():
            proc.start()
        self.started.append(proc)
        return proc

    __call__ = start

    def settle(self, timeout: float = 60) -> None:
        """Stop beat, let the workers take and finish every task still queued (those the test
        queued and those their tasks queued), then stop them after the task in hand. From
        then on no e-mail can arrive: what the sink holds is all that was ever sent."""
        from cop_portal.celery import app

        for proc in self.started:
            if proc.beat:
                proc.finish()
        workers = [proc for proc in self.started if not proc.beat and proc.alive]

        def idle() -> bool:
            return queue_size(app, TEST_QUEUE) == 0 and not any(w.tasks_in_progress() for w in workers)

        wait_until(idle, timeout=timeout, message="\n".join(w.log()[-2000:] for w in workers))
        for worker in workers:
            worker.finish()

    def stop(self) -> None:
        for proc in self.started:
            proc.stop()


@pytest.fixture
def reminder_processes(tmp_path, django_db_blocker):
    """Start worker/beat processes with ``reminder_processes(env=..., beat=...)``."""
    processes = ReminderProcesses(tmp_path, django_db_blocker)
    yield processes
    processes.stop()


@pytest.fixture
def smtp_sink():
    from tests.notices.smtp_sink import SmtpSink

    with SmtpSink() as sink:
        yield sink


@pytest.fixture(autouse=True)
def _no_kick(request, monkeypatch):
    """Queueing here never asks a worker to send: a session-wide worker of other tests on
    the same broker would otherwise take rows these tests claim or count themselves.
    Tests on their own private broker keep the real kick (no other worker listens there)."""
    if "private_redis" in request.fixturenames:
        return
    monkeypatch.setattr("notices.services.queueing._kick_sender", lambda: None)
