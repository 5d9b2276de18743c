"""Shared fixtures: people by role, a real Celery worker process, Playwright + Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test thread; Django must allow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
BASE_DIR = Path(settings.BASE_DIR)


def is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def pytest_collection_modifyitems(config, items):
    skip_pg = pytest.mark.skip(
        reason="needs PostgreSQL (set DATABASE_URL): SQLite serialises all writers, so no race can happen"
    )
    skip_browser = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "concurrency" in item.keywords and not is_postgres():
            item.add_marker(skip_pg)
        if "browser" in item.keywords and not os.path.exists(CHROMIUM):
            item.add_marker(skip_browser)


@pytest.fixture(scope="session", autouse=True)
def _clean_file_cache():
    """Start each run with an empty file cache (rate-limit counters of a previous run)."""
    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        shutil.rmtree(settings.CACHES["default"]["LOCATION"], ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Cached pages and feeds of an earlier test (whose rows were rolled back) never show."""
    from cop_portal import pagecache

    pagecache.bump()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- people by role -------------------------------------------------------------------------


@pytest.fixture
def organisation(db):
    from tests.members.factories import OrganisationFactory

    return OrganisationFactory()


@pytest.fixture
def member(db):
    from tests.members.factories import UserFactory

    return UserFactory()


@pytest.fixture
def applicant(db):
    from tests.members.factories import ApplicantFactory

    return ApplicantFactory()


@pytest.fixture
def coordinator(db):
    from members.services import coordinator_group_sync
    from tests.members.factories import UserFactory

    user = UserFactory(is_staff=True)
    user.groups.add(coordinator_group_sync())
    return user


# --- a real Celery worker process ---------------------------------------------------------------


def _database_url_for_worker() -> str:
    from django.db import connection

    cfg = connection.settings_dict
    if cfg["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{Path(cfg['NAME']).resolve()}"
    user = cfg.get("USER") or ""
    password = f":{cfg['PASSWORD']}" if cfg.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{cfg.get('HOST') or '127.0.0.1'}:{cfg.get('PORT') or 5432}/{cfg['NAME']}"


class WorkerProcess:
    def __init__(self, mail_dir: Path):
        self.mail_dir = mail_dir
        self.proc: subprocess.Popen | None = None
        self.lines: list[str] = []
        self.ready = threading.Event()

    def start(self, timeout: float = 60):
        from cop_portal.celery import app

        app.control.purge()  # leftovers of an earlier run must not run against this database
        env = {
            **os.environ,
            "DATABASE_URL": _database_url_for_worker(),
            "EMAIL_URL": "",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "PYTHONUNBUFFERED": "1",
        }
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "cop_portal",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--hostname=test-{os.getpid()}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(timeout):
            self.stop()
            raise RuntimeError("Celery worker did not start:\n" + "".join(self.lines[-40:]))

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append(line)
            if " ready." in line:
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


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real ``celery worker`` process on the configured broker and the test database.

    Tests using it must commit their data: ``@pytest.mark.django_db(transaction=True)``.
    """
    worker = WorkerProcess(tmp_path_factory.mktemp("worker-mail"))
    with django_db_blocker.unblock():
        worker.start()
    yield worker
    worker.stop()


# --- Playwright + Debian's Chromium ----------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 800})
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()


def open_menu(page) -> None:
    """Open the collapsed navbar (360–390 px wide) and wait until it has finished opening.

    While Bootstrap animates it (``.collapsing``, 0.35 s) its items are laid out but
    clipped: a click then can land on nothing, and the form it meant to submit never is.
    """
    page.locator(".navbar-toggler").click()
    page.locator("#nav-main.collapse.show").wait_for()
