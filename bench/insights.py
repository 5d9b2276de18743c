"""Benchmark: render time of /insights/ with 100,000 attendance records.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cop_insights \\
        DJANGO_DEBUG=true .venv/bin/python bench/insights.py [N_REQUESTS] [N_ATTENDANCE]

Seeds (once; later runs reuse it) organisations, two years of meetings across formats and
provinces, members, branch CoPs, site visits with outcomes and N_ATTENDANCE attendance records
(default 100,000), all marked "bench-". Then renders, as a coordinator, the unfiltered page,
the page filtered by a province and by a year, the public page and one CSV export, and prints
p50/p95/max in milliseconds and the number of SQL queries per page.
"""

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from meetings.models import Attendance, Meeting, SiteVisit, SiteVisitOutcome  # noqa: E402
from members.models import Community, Level, Organisation, Province, User  # noqa: E402
from members.services import coordinator_group_sync  # noqa: E402

UB = ZoneInfo("Asia/Ulaanbaatar")
COORDINATOR_EMAIL = "bench-coordinator@example.mn"


@transaction.atomic
def seed(n_attendance: int) -> None:
    have = Attendance.objects.filter(full_name__startswith="bench-").count()
    if have >= n_attendance:
        print(f"reusing {have} bench attendance records")
        return
    rng = random.Random(7)
    provinces = Province.values
    kinds = list(Organisation.Kind.values)
    orgs = []
    for i in range(40):
        kind = kinds[i % len(kinds)]
        org, _ = Organisation.objects.get_or_create(
            slug=f"bench-org-{i}",
            defaults={
                "name_mn": f"bench-Байгууллага {i}",
                "kind": kind,
                "level": Organisation.KIND_LEVEL.get(kind, Level.CENTRAL),
                "province": provinces[i % len(provinces)],
            },
        )
        orgs.append(org)
    root = Community.objects.filter(parent__isnull=True).first() or Community.objects.create(
        name_mn="bench-Жендэрийн CoP", slug="bench-root", status=Community.Status.APPROVED
    )
    branches = [
        Community.objects.get_or_create(
            slug=f"bench-branch-{i}",
            defaults={
                "name_mn": f"bench-Салбар {i}",
                "parent": root,
                "host_organisation": orgs[i],
                "status": Community.Status.APPROVED,
                "founded_on": dt.date(2023 + i % 4, 1 + i % 12, 1),
            },
        )[0]
        for i in range(20)
    ]
    genders = ["woman"] * 6 + ["man"] * 3 + ["", "another", "undisclosed"]
    if not User.objects.filter(email__startswith="bench-m").exists():
        User.objects.bulk_create(
            User(
                email=f"bench-m{i}@example.mn",
                full_name=f"bench-Гишүүн {i}",
                organisation=orgs[i % len(orgs)],
                gender=rng.choice(genders),
                status=User.Status.APPROVED,
                date_joined=dt.datetime(2023 + i % 4, 1 + i % 12, 2, tzinfo=UB),
                calendar_token=f"bench-{i}",
            )
            for i in range(3000)
        )
    formats = [f for f in Meeting.Format.values if f != Meeting.Format.SITE_VISIT]
    start = dt.datetime(2024, 12, 1, 10, tzinfo=UB)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            title_mn=f"bench-Уулзалт {i}",
            format=Meeting.Format.SITE_VISIT if i % 25 == 0 else formats[i % len(formats)],
            community=root if i % 3 else branches[i % len(branches)],
            host_organisation=orgs[i % len(orgs)],
            starts_at=start + dt.timedelta(days=i * 730 // 600),
            ends_at=start + dt.timedelta(days=i * 730 // 600, hours=2),
            province=provinces[(i * 7) % len(provinces)],
            status=Meeting.Status.PUBLISHED,
        )
        for i in range(600)
    )
    visits = SiteVisit.objects.bulk_create(
        SiteVisit(meeting=m, place="bench") for m in meetings if m.format == Meeting.Format.SITE_VISIT
    )
    SiteVisitOutcome.objects.bulk_create(
        SiteVisitOutcome(visit=v, label_mn=label, quantity=rng.randint(5, 300), unit="ш")
        for v in visits
        for label in ("Суулгац мод", "Сургалтад хамрагдсан")
    )
    todo = n_attendance - have
    batch = []
    for i in range(todo):
        batch.append(
            Attendance(
                meeting=meetings[i % len(meetings)],
                organisation=orgs[rng.randrange(len(orgs))] if i % 50 else None,
                gender=rng.choice(genders),
                full_name=f"bench-Оролцогч {i}",
                is_walk_in=True,
            )
        )
        if len(batch) == 10_000:
            Attendance.objects.bulk_create(batch)
            batch = []
    Attendance.objects.bulk_create(batch)
    print(f"seeded {todo} attendance records over {len(meetings)} meetings")


def analyse() -> None:
    """Fresh planner statistics, as autovacuum would have after a bulk load."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def coordinator() -> User:
    user, created = User.objects.get_or_create(
        email=COORDINATOR_EMAIL,
        defaults={"full_name": "bench-Зохицуулагч", "is_staff": True, "calendar_token": "bench-coord"},
    )
    user.groups.add(coordinator_group_sync())
    return user


def measure(client: Client, label: str, url: str, n: int) -> None:
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: (queries.append(sql), execute(sql, *args))[1]
    ):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    timings.sort()
    print(
        f"{label:<34} p50 {statistics.median(timings):7.1f} ms  p95 {timings[max(int(n * 0.95) - 1, 0)]:7.1f} ms  "
        f"max {timings[-1]:7.1f} ms  queries {len(queries)}"
    )


def main(n: int = 20, n_attendance: int = 100_000) -> None:
    call_command("migrate", verbosity=0)
    seed(n_attendance)
    analyse()
    print(f"database: {connection.vendor}; attendance rows: {Attendance.objects.count()}")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(coordinator())
    measure(client, "/insights/", "/insights/", n)
    measure(client, "/insights/?province=dornod", "/insights/?province=dornod", n)
    measure(client, "/insights/?year=2025", "/insights/?year=2025", n)
    measure(client, "/insights/report/?year=2025", "/insights/report/?year=2025", n)
    measure(client, "/insights/export/attendance-by-month.csv", "/insights/export/attendance-by-month.csv", n)
    anonymous = Client(HTTP_HOST="127.0.0.1")
    measure(anonymous, "/insights/public/", "/insights/public/", n)


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
