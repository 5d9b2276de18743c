"""Reminders benchmark: N reminders through the real worker vs a bare smtplib loop.

    DJANGO_DEBUG=true .venv/bin/python bench/reminders.py [N] [--workers K]

Against the configured database and broker (set DATABASE_URL/REDIS_URL for PostgreSQL and
Redis): seeds N confirmed registrations (default 10,000) for a meeting whose reminder is
due, starts a local SMTP sink (aiosmtpd), starts a real ``celery worker`` with K processes,
queues one scan and waits until every delivery row is sent. Prints messages sent, SMTP
connections opened, seconds, messages/s; then the same number of the same rendered message
sent by a bare smtplib loop over one connection, and the ratio of the two rates. The seeded
rows are deleted at the end.
"""

import argparse
import os
import smtplib
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from cop_portal.celery import app  # noqa: E402
from meetings.models import Meeting, Registration  # noqa: E402
from members.models import Community, User  # noqa: E402
from notices import services as outbox  # noqa: E402
from notices.models import Delivery  # noqa: E402
from tests.notices.smtp_sink import SmtpSink  # noqa: E402
from tests.worker import WorkerProcess  # noqa: E402

PREFIX = "bench-reminder-"


def seed(n: int) -> Meeting:
    community = Community.objects.filter(parent__isnull=True).first()
    if community is None:
        community = Community.objects.create(name_mn="Бенчмарк CoP", name_en="Bench CoP", slug="bench-cop")
    start = timezone.now() + timedelta(hours=20)
    meeting = Meeting.objects.create(
        title_mn="Бенчмарк хурал",
        title_en="Benchmark meeting",
        community=community,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        venue="Засгийн газрын II байр",
        status=Meeting.Status.PUBLISHED,
        reminder_offsets_hours=[24],
    )
    password = make_password("bench-pass-2026")
    users = User.objects.bulk_create(
        [
            User(
                email=f"{PREFIX}{i}@example.mn",
                full_name=f"Гишүүн {i}",
                password=password,
                preferred_language="en" if i % 3 == 0 else "mn",
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    confirmed = timezone.now() - timedelta(days=10)
    Registration.objects.bulk_create(
        [Registration(meeting=meeting, user=u, confirmed_at=confirmed) for u in users], batch_size=2000
    )
    return meeting


def cleanup() -> None:
    Meeting.objects.filter(title_en="Benchmark meeting").delete()
    User.objects.filter(email__startswith=PREFIX).delete()


def start_worker(sink_url: str, workers: int, mail_dir: Path) -> WorkerProcess:
    """The tests' real-worker helper, with K prefork processes sending to the SMTP sink."""
    worker = WorkerProcess(
        mail_dir,
        env={"EMAIL_URL": sink_url, "COP_REMINDER_PARALLEL": str(workers)},
        name="bench",
        concurrency=workers,
    )
    return worker.start()


def bare_smtplib(sink: SmtpSink, message: bytes, n: int) -> float:
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", sink.port) as smtp:
        for i in range(n):
            smtp.sendmail("noreply@example.mn", [f"{PREFIX}{i}@example.mn"], message)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    is_pg = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    parser.add_argument("--workers", type=int, default=4 if is_pg else 1)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    cleanup()
    meeting = seed(args.n)
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, broker: "
        f"{settings.CELERY_BROKER_URL.split('://')[0]}, worker processes: {args.workers}"
    )
    try:
        with SmtpSink() as sink:
            app.control.purge()  # leftovers of an earlier run
            worker = start_worker(sink.url, args.workers, Path(tempfile.mkdtemp(prefix="bench-mail-")))
            try:
                started = time.perf_counter()
                from notices.tasks import notices_scan as reminders_scan

                reminders_scan.delay()
                last_scan = time.perf_counter()
                progress = (0, time.perf_counter())
                patience = settings.COP_REMINDER_RETRY_BACKOFF_SECONDS + 60
                while True:
                    if time.perf_counter() - last_scan > 10:  # what beat does every minute
                        reminders_scan.delay()
                        last_scan = time.perf_counter()
                    sent = Delivery.objects.filter(meeting=meeting, status=Delivery.Status.SENT).count()
                    if sent != progress[0]:
                        progress = (sent, time.perf_counter())
                    # Long enough for a failed batch's retry (backoff) to come round.
                    if sent >= args.n or time.perf_counter() - progress[1] > patience:
                        break
                    time.sleep(0.1)
                seconds = time.perf_counter() - started
            finally:
                worker.stop()
                for line in worker.lines:
                    if "ERROR" in line or "Traceback" in line:
                        print("worker:", line.rstrip())
            received, connections = sink.count, sink.connections
            duplicates = sum(1 for c in sink.delivery_ids().values() if c > 1)
        unsent = list(
            Delivery.objects.filter(meeting=meeting)
            .exclude(status=Delivery.Status.SENT)
            .values_list("status", "last_error")
            .annotate(rows=Count("id"))
        )
        # The same rendered message, N times over one connection.
        row = Delivery.objects.filter(meeting=meeting).select_related("user").first()
        [built] = outbox.deliveries_build([row])
        message = built.message().as_bytes(linesep="\r\n")
        with SmtpSink() as bare_sink:
            bare_seconds = bare_smtplib(bare_sink, message, args.n)
    finally:
        cleanup()
    rate = received / seconds
    bare_rate = args.n / bare_seconds
    print(f"messages sent:          {received} (rows sent: {sent}, duplicates: {duplicates})")
    print(f"SMTP connections:       {connections}")
    print(f"seconds:                {seconds:.1f}")
    print(f"messages/s:             {rate:.0f}")
    print(f"bare smtplib messages/s: {bare_rate:.0f} ({args.n} in {bare_seconds:.1f} s, one connection)")
    print(f"ratio worker / bare:    {rate / bare_rate:.2f}")
    for status, error, rows in unsent:
        print(f"NOT SENT: {rows} rows {status}: {error or '(no error recorded)'}")


if __name__ == "__main__":
    main()
