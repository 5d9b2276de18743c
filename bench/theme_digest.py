"""Benchmark: queueing the library's daily theme digest, beside /healthz in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cop_digest \\
        DJANGO_DEBUG=true .venv/bin/python bench/theme_digest.py [N_RUNS] [N_FOLLOWERS] [N_ENTRIES]

In one transaction rolled back at the end (nothing stays), makes N_FOLLOWERS (default 2,000)
members following one to three themes each (a tenth of them no longer members) and N_ENTRIES
(default 300) themed index entries published yesterday, a tenth members-only. Then it times
``theme_digest_send`` N_RUNS times (default 5), each from an empty outbox (a savepoint rolled
back after each run), and /healthz 200 times, and prints p50/max in milliseconds, the SQL
queries and e-mails of one run, and the digest's p50 as a multiple of /healthz's p50.
Machine load shows in the figures: note `uptime`.
"""

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from library.models import Entry, Theme, ThemeFollow  # noqa: E402
from library.services import theme_digest_send  # noqa: E402
from members.models import Organisation, User  # noqa: E402


class _Rollback(Exception):
    pass


def _seed(n_followers: int, n_entries: int) -> None:
    rng = random.Random(7)
    organisation = Organisation.objects.create(name_mn="bench-digest", slug="bench-digest-org")
    users = User.objects.bulk_create(
        User(
            email=f"bench-digest-{n}@example.mn",
            full_name=f"bench-{n}",
            organisation=organisation,
            status=User.Status.DECLINED if n % 10 == 0 else User.Status.APPROVED,
        )
        for n in range(n_followers)
    )
    ThemeFollow.objects.bulk_create(
        ThemeFollow(user=user, theme=theme)
        for user in users
        for theme in rng.sample(Theme.values, rng.randint(1, 3))
    )
    yesterday = timezone.now() - dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate(yesterday), dt.time(9)))
    Entry.objects.bulk_create(
        Entry(
            source=Entry.Source.ITEM,
            source_id=10_000_000 + n,
            kind="toolkit",
            title=f"bench-digest гарын авлага {n}",
            url=f"/library/{10_000_000 + n}/",
            members_only=n % 10 == 0,
            themes="," + ",".join(rng.sample(Theme.values, rng.randint(1, 2))) + ",",
            dated_at=start,
            source_updated_at=start,
            indexed_at=start + dt.timedelta(seconds=n),
        )
        for n in range(n_entries)
    )


def _time(call, n: int) -> list[float]:
    timings = []
    for _ in range(n):
        t0 = time.perf_counter()
        call()
        timings.append((time.perf_counter() - t0) * 1000)
    return sorted(timings)


def main(n_runs: int = 5, n_followers: int = 2000, n_entries: int = 300) -> None:
    call_command("migrate", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    try:
        with transaction.atomic():
            _seed(n_followers, n_entries)
            healthz = _time(lambda: client.get("/healthz"), 200)
            digest, sent, sql = [], 0, 0
            for _ in range(n_runs):
                sid = transaction.savepoint()
                reset_queries()
                with CaptureQueriesContext(connection) as queries:
                    t0 = time.perf_counter()
                    sent = theme_digest_send()
                    digest.append((time.perf_counter() - t0) * 1000)
                sql = len(queries)
                transaction.savepoint_rollback(sid)
            digest.sort()
            raise _Rollback
    except _Rollback:
        pass
    print(f"{connection.vendor}; {n_followers} followers, {n_entries} entries, {n_runs} runs")
    print(f"/healthz           p50 {statistics.median(healthz):8.2f} ms  max {healthz[-1]:8.2f} ms")
    print(
        f"theme_digest_send  p50 {statistics.median(digest):8.1f} ms  max {digest[-1]:8.1f} ms"
        f"  {sql} SQL, {sent} e-mails queued"
    )
    print(f"digest p50 / healthz p50 = {statistics.median(digest) / statistics.median(healthz):.0f}x")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:4]]
    main(*args)
