"""Fixtures of the reminders' tests: meetings due for a reminder, and helpers."""

import contextlib
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.conftest import BASE_DIR, WorkerProcess, _database_url_for_worker
from tests.reminders.factories import MeetingFactory, RegistrationFactory


@pytest.fixture
def due_meeting(db):
    """A published meeting starting in 20 hours: its 1-day reminder is due."""
    return MeetingFactory(starts_at=timezone.now() + timedelta(hours=20))


@pytest.fixture
def registrations(due_meeting):
    return RegistrationFactory.create_batch(3, meeting=due_meeting)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- real worker processes with the knobs these tests turn -----------------------------------


class ReminderProcess(WorkerProcess):
    """A ``celery worker`` (or ``celery beat``) with extra environment for one test."""

    def __init__(self, mail_dir: Path, *, env: dict, beat: bool = False, name: str = "w"):
        super().__init__(mail_dir)
        self.env = env
        self.beat = beat
        self.name = name

    def start(self, timeout: float = 60):
        env = {
            **os.environ,
            "DATABASE_URL": _database_url_for_worker(),
            "EMAIL_URL": "",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "tests.reminders.worker_settings",
            **self.env,
        }
        if self.beat:
            args = ["beat", "--loglevel=INFO", f"--schedule={self.mail_dir / 'beat-schedule'}"]
        else:
            args = [
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=rem-{self.name}-{os.getpid()}@%h",
            ]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "cop_portal", *args],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(timeout):
            self.stop()
            raise RuntimeError(f"Celery {args[0]} did not start:\n" + "".join(self.lines[-40:]))

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)
            if " ready." in line or "beat: Starting" in line:
                self.ready.set()

    def kill(self):
        """SIGKILL: no clean-up, no ack, exactly like a machine losing power."""
        self.proc.kill()
        self.proc.wait(10)


TEST_QUEUE = "reminders-test"


def _purge(app) -> None:
    """Drop leftovers of an earlier run from the test queue."""
    with app.connection_for_write() as conn, contextlib.suppress(Exception):
        conn.default_channel.queue_purge(TEST_QUEUE)


@pytest.fixture
def reminder_processes(tmp_path, django_db_blocker):
    """Start worker/beat processes with ``start(env=..., beat=...)``; all stopped at the end."""
    from cop_portal.celery import app

    started: list[ReminderProcess] = []

    def start(*, env: dict, beat: bool = False, name: str = "w", purge: bool = True) -> ReminderProcess:
        if purge:
            _purge(app)
        proc = ReminderProcess(tmp_path / f"mail-{len(started)}", env=env, beat=beat, name=name)
        proc.mail_dir.mkdir(parents=True, exist_ok=True)
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


def wait_until(predicate, *, timeout: float = 60, interval: float = 0.2, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(message or "condition not met in time")


@pytest.fixture(autouse=True)
def _no_kick(monkeypatch):
    """Queueing here never asks a worker to send: a session-wide worker of other tests on
    the same broker would otherwise take rows these tests claim or count themselves."""
    monkeypatch.setattr("meetings.reminders.services.queueing._kick_sender", lambda: None)
