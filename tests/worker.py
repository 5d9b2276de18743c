"""A real ``celery worker`` (or ``celery beat``) process, for the tests and the benchmarks.

The one place that knows how to start one: ``tests/conftest.py`` (the session worker),
``tests/notices/conftest.py`` (workers and beat with extra settings) and
``bench/reminders.py`` all use ``WorkerProcess``. It needs Django set up (it reads the
database settings so the process works on the same database as its caller).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# What a worker logs (INFO) when it takes a task and when it is done with it.
TASK_EVENT = re.compile(
    r"Task [\w.]+\[(?P<id>[0-9a-f-]+)\] (?P<event>received|succeeded|raised|retry|failed)"
)


def database_url() -> str:
    """The database the caller is connected to, as a DATABASE_URL for a child process."""
    from django.db import connection

    cfg = connection.settings_dict
    if cfg["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(cfg['NAME']).resolve()}"
    user = cfg.get("USER") or ""
    password = f":{cfg['PASSWORD']}" if cfg.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{cfg.get('HOST') or '127.0.0.1'}:{cfg.get('PORT') or 5432}/{cfg['NAME']}"


def wait_until(predicate, *, timeout: float = 60, interval: float = 0.2, message: str = "") -> None:
    """Poll ``predicate`` until it is true; fail after ``timeout`` seconds (never a bare sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(message or "condition not met in time")


def queue_size(app, queue: str) -> int:
    """Messages waiting in ``queue`` on the app's broker (not counting those a worker holds)."""
    with app.connection_for_write() as conn:
        return conn.default_channel.queue_declare(queue=queue).message_count


class WorkerProcess:
    """One ``celery -A cop_portal worker`` (or ``beat``) child process.

    E-mail goes to files in ``mail_dir`` unless ``env`` sets ``EMAIL_URL``. ``concurrency``
    None means the solo pool (one task at a time, in the main process); a number means that
    many prefork processes.
    """

    def __init__(
        self,
        mail_dir: Path,
        *,
        env: dict | None = None,
        beat: bool = False,
        name: str = "test",
        concurrency: int | None = None,
    ):
        self.mail_dir = Path(mail_dir)
        self.env = env or {}
        self.beat = beat
        self.name = name
        self.concurrency = concurrency
        self.proc: subprocess.Popen | None = None
        self.lines: list[str] = []
        self.ready = threading.Event()

    def _args(self) -> list[str]:
        if self.beat:
            return ["beat", "--loglevel=INFO", f"--schedule={self.mail_dir / 'beat-schedule'}"]
        pool = ["--pool=solo"] if self.concurrency is None else [f"--concurrency={self.concurrency}"]
        return [
            "worker",
            *pool,
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname={self.name}-{os.getpid()}@%h",
        ]

    def start(self, timeout: float = 60) -> WorkerProcess:
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "EMAIL_URL": "",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "PYTHONUNBUFFERED": "1",
            **self.env,
        }
        args = self._args()
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
        return self

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)
            if " ready." in line or "beat: Starting" in line:
                self.ready.set()

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log(self) -> str:
        return "".join(self.lines)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def tasks_in_progress(self) -> int:
        """Tasks this worker has taken and not finished yet, as its log tells."""
        events = [m for line in list(self.lines) if (m := TASK_EVENT.search(line))]
        taken = Counter(m["id"] for m in events if m["event"] == "received")
        done = Counter(m["id"] for m in events if m["event"] != "received")
        return sum((taken - done).values())

    def finish(self, timeout: float = 60) -> None:
        """Stop the way Celery's warm shutdown does: the task in hand is finished first. Once
        this returns, nothing this process does can land any more."""
        if not self.alive:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(f"the {self.name} process did not stop; log:\n{self.log()[-3000:]}") from exc

    def kill(self):
        """SIGKILL: no clean-up, no ack, exactly like a machine losing power."""
        self.proc.kill()
        self.proc.wait(10)

    def mail_files(self) -> list[Path]:
        return sorted(self.mail_dir.glob("*.log"))

    def mail_count(self) -> int:
        return sum(len(re.findall(r"^Subject: ", f.read_text(), re.M)) for f in self.mail_files())

    def wait_for_mail(self, count: int, timeout: float = 30) -> list[Path]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            files = self.mail_files()
            if self.mail_count() >= count:
                return files
            if not self.alive:
                break
            time.sleep(0.2)
        raise AssertionError(f"expected {count} e-mails from the worker; log:\n{self.log()[-4000:]}")
