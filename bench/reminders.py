"""Reminders benchmark: N reminders through the real worker vs a bare smtplib loop.

    DJANGO_DEBUG=true .venv/bin/python bench/reminders.py [N] [--workers K] [--runs R]

Against the configured database and broker (set DATABASE_URL/REDIS_URL for PostgreSQL and
Redis): seeds N confirmed registrations (default 10,000) for a meeting whose reminder is
due, starts a local SMTP sink (aiosmtpd), starts a real ``celery worker`` with K processes,
queues one scan and waits until every delivery row is sent. Then sends the same number of
the same rendered message with a bare smtplib loop over as many connections as the worker
opened, to a second sink, and prints the ratio of the two rates. R runs (default 1), each
with fresh rows; the medians are the figures. The seeded rows are deleted at the end.

Only the bench's own messages count: each run's members have addresses carrying the run's
id, and a message counts when its ``X-Cop-Delivery`` header names a row the run queued and
its envelope goes to that row's member. Any other message at the sink (mail that was due
in the database anyway) makes the bench print it and stop without a ratio (exit 2); a
message of its own that arrived twice or not at all is reported and fails the run (exit 1).
"""

import argparse
import os
import re
import smtplib
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
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
TITLE = "Benchmark meeting"
DELIVERY_HEADER = re.compile(rb"^X-Cop-Delivery: (\d+)\r?$", re.M)


def seed(n: int, run: str) -> Meeting:
    community = Community.objects.filter(parent__isnull=True).first()
    if community is None:
        community = Community.objects.create(name_mn="Бенчмарк CoP", name_en="Bench CoP", slug="bench-cop")
    start = timezone.now() + timedelta(hours=20)
    meeting = Meeting.objects.create(
        title_mn="Бенчмарк хурал",
        title_en=TITLE,
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
                email=f"{PREFIX}{run}-{i}@example.mn",
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
    Meeting.objects.filter(title_en=TITLE).delete()
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


@dataclass
class Tally:
    """What a sink received, told apart: the run's own messages and anything else."""

    own: Counter = field(default_factory=Counter)  # delivery id -> times received
    foreign: list = field(default_factory=list)  # (envelope, delivery id or None)
    missing: int = 0

    @property
    def duplicates(self) -> int:
        return sum(count - 1 for count in self.own.values() if count > 1)


def tally(sink: SmtpSink, meeting: Meeting) -> Tally:
    """Count the messages of the rows queued for ``meeting`` (each to its own member)."""
    mine = dict(Delivery.objects.filter(meeting=meeting).values_list("pk", "user__email"))
    result = Tally()
    for envelope, content in sink.received():
        header, _sep, _body = content.partition(b"\r\n\r\n")
        match = DELIVERY_HEADER.search(header)
        pk = int(match.group(1)) if match else None
        if pk in mine and envelope == (mine[pk],):
            result.own[pk] += 1
        else:
            result.foreign.append((envelope, pk))
    result.missing = len(set(mine) - set(result.own))
    return result


def bare_smtplib(sink: SmtpSink, message: bytes, recipients: list[str], connections: int) -> float:
    """Send ``message`` to each of ``recipients`` over ``connections`` connections in turn."""
    per_connection = -(-len(recipients) // max(1, connections))
    started = time.perf_counter()
    for start in range(0, len(recipients), per_connection):
        with smtplib.SMTP("127.0.0.1", sink.port) as smtp:
            for address in recipients[start : start + per_connection]:
                smtp.sendmail("noreply@example.mn", [address], message)
    return time.perf_counter() - started


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def wait_sent(meeting: Meeting, n: int) -> int:
    """Wait until the worker has sent every row (or stopped making progress); rows sent."""
    from notices.tasks import notices_scan as reminders_scan

    reminders_scan.delay()
    last_scan = time.perf_counter()
    progress = (0, time.perf_counter())
    # Long enough for a failed batch's retry (backoff) to come round.
    patience = settings.COP_REMINDER_RETRY_BACKOFF_SECONDS + 60
    while True:
        if time.perf_counter() - last_scan > 10:  # what beat does every minute
            reminders_scan.delay()
            last_scan = time.perf_counter()
        sent = Delivery.objects.filter(meeting=meeting, status=Delivery.Status.SENT).count()
        if sent != progress[0]:
            progress = (sent, time.perf_counter())
        if sent >= n or time.perf_counter() - progress[1] > patience:
            return sent
        time.sleep(0.2)  # the bench's own queries are kept few: they share the machine


def run_once(n: int, workers: int) -> dict:
    run = uuid.uuid4().hex[:8]
    meeting = seed(n, run)
    load_before = load()
    try:
        with SmtpSink() as sink:
            app.control.purge()  # leftovers of an earlier run
            worker = start_worker(sink.url, workers, Path(tempfile.mkdtemp(prefix="bench-mail-")))
            try:
                started = time.perf_counter()
                sent = wait_sent(meeting, n)
                seconds = time.perf_counter() - started
            finally:
                worker.stop()
                for line in worker.lines:
                    if "ERROR" in line or "Traceback" in line:
                        print("worker:", line.rstrip())
            counted, connections = tally(sink, meeting), sink.connections
            first = sink.handler.arrivals[0] - started if sink.handler.arrivals else 0.0
        unsent = list(
            Delivery.objects.filter(meeting=meeting)
            .exclude(status=Delivery.Status.SENT)
            .values_list("status", "last_error")
            .annotate(rows=Count("id"))
        )
        # The same rendered message, to the same members, over as many connections.
        rows = list(Delivery.objects.filter(meeting=meeting).select_related("user").order_by("id"))
        [built] = outbox.deliveries_build(rows[:1])
        message = built.message().as_bytes(linesep="\r\n")
        recipients = [row.user.email for row in rows]
        with SmtpSink() as bare_sink:
            bare_seconds = bare_smtplib(bare_sink, message, recipients, connections)
            bare_received = bare_sink.count
    finally:
        cleanup()
    own = len(counted.own)
    return {
        "run": run,
        "own": own,
        "sent": sent,
        "duplicates": counted.duplicates,
        "missing": counted.missing,
        "foreign": counted.foreign,
        "unsent": unsent,
        "connections": connections,
        "seconds": seconds,
        "first": first,
        "rate": own / seconds,
        "bare_received": bare_received,
        "bare_seconds": bare_seconds,
        "bare_rate": bare_received / bare_seconds,
        "ratio": (own / seconds) / (bare_received / bare_seconds),
        "load": f"{load_before} → {load()}",
    }


def others_waiting() -> int:
    """E-mails already waiting in the database: the worker would send them to the sink too."""
    return Delivery.objects.filter(status=Delivery.Status.PENDING).exclude(meeting__title_en=TITLE).count()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=10_000)
    is_pg = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    parser.add_argument("--workers", type=int, default=4 if is_pg else 1)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    cleanup()
    waiting = others_waiting()
    if waiting:
        print(f"REFUSED: {waiting} other e-mails wait in this database; the sink would count them.")
        print("Run on a database with no e-mail waiting (or send or delete those rows first).")
        sys.exit(2)
    print(
        f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, broker: "
        f"{settings.CELERY_BROKER_URL.split('://')[0]}, worker processes: {args.workers}, "
        f"messages: {args.n}, runs: {args.runs}"
    )
    results, failed = [], False
    for index in range(args.runs):
        r = run_once(args.n, args.workers)
        if r["foreign"]:
            print(
                f"REFUSED: run {r['run']}: the sink received {len(r['foreign'])} messages the bench did not queue:"
            )
            for envelope, pk in r["foreign"][:20]:
                print(f"  to {', '.join(envelope) or '?'} (delivery {pk if pk is not None else 'none'})")
            print("No ratio: the worker's rate would count other mail as the bench's.")
            sys.exit(2)
        results.append(r)
        print(
            f"run {index + 1} ({r['run']}): worker {r['own']} own messages (rows sent {r['sent']}, "
            f"duplicates {r['duplicates']}, missing {r['missing']}, other 0) over {r['connections']} "
            f"connections in {r['seconds']:.1f} s (first after {r['first']:.1f} s) = {r['rate']:.0f}/s; bare smtplib {r['bare_received']} "
            f"over {r['connections']} connections in {r['bare_seconds']:.1f} s = {r['bare_rate']:.0f}/s; "
            f"ratio {r['ratio']:.2f}; load {r['load']}"
        )
        for status, error, rows in r["unsent"]:
            print(f"  NOT SENT: {rows} rows {status}: {error or '(no error recorded)'}")
        failed |= bool(r["duplicates"] or r["missing"] or r["bare_received"] != args.n)

    def median(key):
        return statistics.median(r[key] for r in results)

    print(f"median messages/s:          {median('rate'):.0f} (worker, own messages only)")
    print(f"median bare smtplib msg/s:  {median('bare_rate'):.0f} (same message, same connections)")
    ratios = ", ".join(f"{r['ratio']:.2f}" for r in results)
    print(f"median ratio worker / bare: {median('ratio'):.2f} (runs: {ratios})")
    print(f"SMTP connections:           {', '.join(str(r['connections']) for r in results)}")
    print(f"duplicates:                 {sum(r['duplicates'] for r in results)}")
    if failed:
        print("FAILED: a message of the bench's arrived twice or never (see the runs above)")
        sys.exit(1)


if __name__ == "__main__":
    main()
