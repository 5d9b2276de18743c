"""Shared fixtures: people by role, tasks run in-process, a real Celery worker process,
Playwright + Chromium; and the split of the suite into a parallel and a serial part.

``make test`` runs the suite in two parts (README, "Tests"): ``--part=parallel`` under
pytest-xdist (``-n auto``), then the serial part in two processes side by side. A test is
serial when it drives Chromium, starts a Celery worker, races threads on PostgreSQL or
otherwise starts a process or binds a port (markers ``browser``, ``worker``, ``concurrency``,
``serial``, or the fixtures in ``SERIAL_FIXTURES``): it shares the file cache, the broker and
the CPUs with the processes it starts, and beside other tests it would race them for those.
The serial part is ``--part=browser`` (the tests that drive Chromium against a live server)
plus ``--part=processes`` (the others); ``--part=serial`` is both. The two share nothing when
each has its own ``COP_VAR_DIR`` and ``COP_TEST_LANE`` (tests/settings.py), so ``make test``
runs them at once: the workers' and races' waiting overlaps Chromium's work.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.worker import WorkerProcess

# Playwright's sync API runs an event loop in the test thread; Django must allow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
BASE_DIR = Path(settings.BASE_DIR)


def is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


SERIAL_MARKERS = ("browser", "worker", "concurrency")
SERIAL_FIXTURES = ("live_server", "celery_worker_process", "reminder_processes")


PARTS = {
    "parallel": ("parallel",),
    "serial": ("browser", "processes"),
    "browser": ("browser",),
    "processes": ("processes",),
}


def pytest_addoption(parser):
    parser.addoption(
        "--part",
        choices=tuple(PARTS),
        help="run only the tests that may run side by side (pytest -n), or only the others "
        "(serial), or one half of those: the Chromium tests (browser) or the rest (processes)",
    )


def is_serial(item) -> bool:
    return any(m in item.keywords for m in (*SERIAL_MARKERS, "serial")) or any(
        f in getattr(item, "fixturenames", ()) for f in SERIAL_FIXTURES
    )


def part_of(item) -> str:
    """``parallel``, or the half of the serial part a test is in: ``browser`` when it drives
    Chromium or serves a live server, ``processes`` otherwise (workers, beat, races, servers)."""
    if not is_serial(item):
        return "parallel"
    if "browser" in item.keywords or "live_server" in getattr(item, "fixturenames", ()):
        return "browser"
    return "processes"


@pytest.hookimpl(tryfirst=True)
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
        if is_serial(item):
            item.add_marker(pytest.mark.serial)
    part = config.getoption("--part")
    if part:
        keep = [item for item in items if part_of(item) in PARTS[part]]
        config.hook.pytest_deselected(items=[item for item in items if part_of(item) not in PARTS[part]])
        items[:] = keep
    if os.environ.get("PYTEST_XDIST_WORKER"):
        not_here = pytest.mark.skip(reason="serial: run it without -n (pytest --part=serial; make test does)")
        for item in items:
            if is_serial(item):
                item.add_marker(not_here)


@pytest.fixture(scope="session", autouse=True)
def _clean_file_cache():
    """Start each run with an empty file cache (rate-limit counters of a previous run).

    Only the serial part uses it (tests/settings.py): the processes it starts share it."""
    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        shutil.rmtree(settings.CACHES["default"]["LOCATION"], ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Cached pages and feeds of an earlier test (whose rows were rolled back) never show."""
    from cop_portal import pagecache

    pagecache.invalidate_all()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fresh_cache():
    """An empty cache before and after the test (feeds, sections and rate limits included)."""
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def signing_clock(monkeypatch):
    """Signed links carry the second they were made in: with this, a link the test makes
    equals the one in an e-mail made a moment earlier, even across a second's boundary."""
    from django.core import signing

    now = signing.TimestampSigner().timestamp()
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: now)


@pytest.fixture
def eager_tasks():
    """Queued tasks run in-process (when their transaction's on_commit callbacks run)."""
    from cop_portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


# --- people by role -------------------------------------------------------------------------


@pytest.fixture
def organisation(db):
    from tests.factories import OrganisationFactory

    return OrganisationFactory()


@pytest.fixture
def member(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def applicant(db):
    from tests.factories import ApplicantFactory

    return ApplicantFactory()


@pytest.fixture
def coordinator(db):
    from members.services import coordinator_group_sync
    from tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    user.groups.add(coordinator_group_sync())
    return user


@pytest.fixture
def root(db):
    """The inter-agency CoP (the root community)."""
    from tests.factories import RootCommunityFactory

    return RootCommunityFactory()


# --- the e-mails services queue ------------------------------------------------------------------


class QueuedNotices:
    """The meeting notices the services queued, as (template, user id, category) read from
    the outbox's rows (registration confirmations left out)."""

    KINDS = ("meeting_promoted", "meeting_changed", "meeting_cancelled")

    def _rows(self):
        from notices.models import Delivery
        from notices.registry import kind as notice_kind

        rows = Delivery.objects.filter(kind__in=self.KINDS).order_by("id").values_list("kind", "user_id")
        return [(notice_kind(k).template, user_id, notice_kind(k).category) for k, user_id in rows]

    def __iter__(self):
        return iter(self._rows())

    def __len__(self):
        return len(self._rows())

    def __eq__(self, other):
        return self._rows() == list(other)


@pytest.fixture
def mailbox_tasks(db):
    return QueuedNotices()


class QueuedMail:
    """Every e-mail queued in the outbox, in order: (template, user id, context, category)."""

    def _rows(self):
        from notices.models import Delivery
        from notices.registry import kind as notice_kind

        rows = Delivery.objects.order_by("id").values_list("kind", "user_id", "context")
        return [
            (notice_kind(k).template, user_id, context, notice_kind(k).category)
            for k, user_id, context in rows
        ]

    def __iter__(self):
        return iter(self._rows())

    def __len__(self):
        return len(self._rows())

    def __getitem__(self, index):
        return self._rows()[index]


@pytest.fixture
def queued_mail(db):
    return QueuedMail()


# --- a real Celery worker process ---------------------------------------------------------------


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real ``celery worker`` process on the configured broker and the test database.

    Tests using it must commit their data: ``@pytest.mark.django_db(transaction=True)``.
    """
    from cop_portal.celery import app

    app.control.purge()  # leftovers of an earlier run must not run against this database
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
