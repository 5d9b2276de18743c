"""Benchmark: the insights pages at a country's scale, cold and warm, beside /healthz.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cop_insights REDIS_URL=redis://127.0.0.1:6379/N \\
        DJANGO_DEBUG=true .venv/bin/python bench/insights.py [N_REQUESTS] [N_ATTENDANCE]

Seeds once (later runs reuse it; everything is marked "bench-") N_ATTENDANCE attendance records
(default 10,000,000) over N_ATTENDANCE / 500 meetings (two years from December 2024, formats,
provinces, a tenth of them in 100 branch CoPs, one in 25 a site visit) and N_ATTENDANCE / 50
members of 400 organisations: Mongolia's 200,000 public servants over 20,000 meetings. Each
meeting's 500 attendance rows are 490 members (ten organisations' worth: neighbours in the
member list share an organisation) and 10 walk-ins without an account or organisation; every
row copies its member's gender and organisation, as the attendance services do. Members,
meetings and organisations go through the ORM; the attendance rows through one
``INSERT ... SELECT`` over ``generate_series`` per million rows (a recursive CTE on SQLite),
with the tally triggers off, then ``manage.py insights_tallies --rebuild`` recounts the tallies
(the seed prints how long each step took). Deterministic: the same N gives the same data.

Then, in-process through the real WSGI stack (Django's test client), for each page: "cold" —
the ``insights`` cache name invalidated before each request, as any attendance write does —
and "warm" — the same request again; /healthz in the same run. Prints p50/p95/max ms, the SQL
queries of one cold request and the page's requests/s as a ratio of /healthz's. The issue's
targets: every insights page cold p95 < 300 ms, the printable report < 2 s. Load shows in the
figures: the first line is ``uptime``.
"""

import datetime as dt
import os
import statistics
import subprocess
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

from cop_portal.pagecache import invalidate  # noqa: E402
from insights import tallies  # noqa: E402
from meetings.models import Attendance, Meeting, SiteVisit, SiteVisitOutcome  # noqa: E402
from members.models import Community, Level, Organisation, Province, User  # noqa: E402
from members.services import coordinator_group_sync  # noqa: E402

UB = ZoneInfo("Asia/Ulaanbaatar")
COORDINATOR_EMAIL = "bench-coordinator@example.mn"
N_ORGANISATIONS = 400
N_BRANCHES = 100
PER_MEETING = 500
PER_MEMBER = 50
GENDERS = ["woman"] * 6 + ["man"] * 3 + ["", "another", "undisclosed"]
CHUNK = 1_000_000


def _step(label: str, t0: float) -> float:
    now = time.perf_counter()
    print(f"  {label}: {now - t0:.1f} s", flush=True)
    return now


def _organisations() -> list[Organisation]:
    kinds = list(Organisation.Kind.values)
    provinces = Province.values
    Organisation.objects.bulk_create(
        [
            Organisation(
                slug=f"bench-org-{i}",
                name_mn=f"bench-Байгууллага {i}",
                kind=kinds[i % len(kinds)],
                level=Organisation.KIND_LEVEL.get(kinds[i % len(kinds)], Level.CENTRAL),
                province=provinces[i % len(provinces)],
            )
            for i in range(N_ORGANISATIONS)
        ],
        ignore_conflicts=True,
    )
    return list(Organisation.objects.filter(slug__startswith="bench-org-").order_by("pk"))


def _communities(orgs) -> tuple[Community, list[Community]]:
    root = Community.objects.filter(parent__isnull=True).first() or Community.objects.create(
        name_mn="bench-Жендэрийн CoP", slug="bench-root", status=Community.Status.APPROVED
    )
    Community.objects.bulk_create(
        [
            Community(
                slug=f"bench-branch-{i}",
                name_mn=f"bench-Салбар {i}",
                parent=root,
                host_organisation=orgs[i],
                status=Community.Status.APPROVED,
                founded_on=dt.date(2019 + i % 8, 1 + i % 12, 1),
            )
            for i in range(N_BRANCHES)
        ],
        ignore_conflicts=True,
    )
    return root, list(Community.objects.filter(slug__startswith="bench-branch-").order_by("pk"))


def _members(n_members: int, orgs) -> None:
    """Member k: organisation (k // 50) % 400 (fifty neighbours share one), gender k % 12 of GENDERS."""
    batch = 20_000
    for lo in range(0, n_members, batch):
        User.objects.bulk_create(
            User(
                email=f"bench-m{k}@example.mn",
                full_name=f"bench-Гишүүн {k}",
                organisation=orgs[(k // 50) % len(orgs)],
                gender=GENDERS[k % len(GENDERS)],
                status=User.Status.APPROVED,
                date_joined=dt.datetime(2019 + k % 8, 1 + k % 12, 2, tzinfo=UB),
                calendar_token=f"bench-{k}",
            )
            for k in range(lo, min(lo + batch, n_members))
        )


def _meetings(n_meetings: int, orgs, root, branches) -> None:
    formats = [f for f in Meeting.Format.values if f != Meeting.Format.SITE_VISIT]
    provinces = Province.values
    start = dt.datetime(2024, 12, 1, 10, tzinfo=UB)
    batch = 5_000
    for lo in range(0, n_meetings, batch):
        Meeting.objects.bulk_create(
            Meeting(
                title_mn=f"bench-Уулзалт {i}",
                format=Meeting.Format.SITE_VISIT if i % 25 == 0 else formats[i % len(formats)],
                community=branches[i % len(branches)] if i % 10 == 0 else root,
                host_organisation=orgs[i % len(orgs)],
                starts_at=start + dt.timedelta(minutes=i * 730 * 24 * 60 // n_meetings),
                ends_at=start + dt.timedelta(minutes=i * 730 * 24 * 60 // n_meetings + 120),
                province=provinces[(i * 7) % len(provinces)],
                status=Meeting.Status.PUBLISHED,
            )
            for i in range(lo, min(lo + batch, n_meetings))
        )
    visits = SiteVisit.objects.bulk_create(
        SiteVisit(meeting_id=pk, place="bench")
        for pk in Meeting.objects.filter(title_mn__startswith="bench-", format=Meeting.Format.SITE_VISIT)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    SiteVisitOutcome.objects.bulk_create(
        SiteVisitOutcome(visit=v, label_mn=label, quantity=5 + (v.pk * 37) % 300, unit="ш")
        for v in visits
        for label in ("Суулгац мод", "Сургалтад хамрагдсан")
    )


def _series(lo: int, hi: int) -> str:
    if connection.vendor == "postgresql":
        return f"generate_series({lo}, {hi - 1}) AS s(i)"
    return f"(WITH RECURSIVE r(i) AS (SELECT {lo} UNION ALL SELECT i + 1 FROM r WHERE i < {hi - 1}) SELECT i FROM r) AS s"


def _attendance(n_attendance: int, n_meetings: int, n_members: int) -> None:
    """Row i: meeting i % M; the j-th row of a meeting (j = i // M) is a walk-in when j % 50 is
    0, else member (m * 10007 + j) % U (distinct within the meeting), with its gender and
    organisation."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_m")
        cursor.execute("DROP TABLE IF EXISTS bench_u")
        cursor.execute(
            "CREATE TEMP TABLE bench_m AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS k "
            "FROM meetings_meeting WHERE title_mn LIKE 'bench-%%'"
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_u AS SELECT id, full_name, gender, organisation_id, "
            "row_number() OVER (ORDER BY id) - 1 AS k FROM members_user WHERE email LIKE 'bench-m%%'"
        )
        cursor.execute("CREATE UNIQUE INDEX bench_m_k ON bench_m (k)")
        cursor.execute("CREATE UNIQUE INDEX bench_u_k ON bench_u (k)")
        now = "CURRENT_TIMESTAMP"
        walk_in = f"(s.i / {n_meetings}) % 50 = 0"
        for lo in range(0, n_attendance, CHUNK):
            hi = min(lo + CHUNK, n_attendance)
            cursor.execute(
                "INSERT INTO meetings_attendance (created_at, updated_at, full_name, gender, is_walk_in, "
                "joined_online, organisation_id, user_id, meeting_id) "
                f"SELECT {now}, {now}, "
                f"CASE WHEN {walk_in} THEN 'bench-Зочин' ELSE u.full_name END, "
                f"CASE WHEN {walk_in} THEN '{GENDERS[0]}' ELSE u.gender END, "
                f"{walk_in}, false, "
                f"CASE WHEN {walk_in} THEN NULL ELSE u.organisation_id END, "
                f"CASE WHEN {walk_in} THEN NULL ELSE u.id END, m.id "
                f"FROM {_series(lo, hi)} "
                f"JOIN bench_m m ON m.k = s.i % {n_meetings} "
                f"JOIN bench_u u ON u.k = ((s.i % {n_meetings}) * 10007 + s.i / {n_meetings}) % {n_members}"
            )
            print(f"    {hi:,} attendance rows", flush=True)


def _triggers(enabled: bool) -> None:
    """The tally triggers on or off (a bulk load is recounted afterwards)."""
    if enabled:
        tallies.install_triggers()
    else:
        tallies.drop_triggers()


def seed(n_attendance: int) -> None:
    have = Attendance.objects.filter(full_name__startswith="bench-").count()
    if have >= n_attendance:
        print(f"reusing {have:,} bench attendance records")
        return
    if have:
        raise SystemExit(f"{have:,} bench attendance records, fewer than asked: use an empty database")
    # At least as many members as rows per meeting: a member attends a meeting once.
    n_meetings, n_members = n_attendance // PER_MEETING, max(n_attendance // PER_MEMBER, PER_MEETING)
    print(f"seeding {n_attendance:,} attendance, {n_meetings:,} meetings, {n_members:,} members")
    t_start = t0 = time.perf_counter()
    with transaction.atomic():
        orgs = _organisations()
        root, branches = _communities(orgs)
        _members(n_members, orgs)
        t0 = _step("organisations, branch CoPs and members", t0)
        _meetings(n_meetings, orgs, root, branches)
        t0 = _step("meetings and site visits", t0)
    _triggers(False)
    try:
        with transaction.atomic():
            _attendance(n_attendance, n_meetings, n_members)
        t0 = _step("attendance rows", t0)
    finally:
        _triggers(True)
    call_command("insights_tallies", "--rebuild")
    t0 = _step("tallies rebuilt", t0)
    analyse()
    t0 = _step("ANALYZE", t0)
    _step("seed in total", t_start)


def analyse() -> None:
    """Fresh planner statistics, as autovacuum would have after a bulk load."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def coordinator() -> User:
    user, created = User.objects.get_or_create(
        email=COORDINATOR_EMAIL,
        defaults={"full_name": "bench-Зохицуулагч", "is_staff": True, "calendar_token": "bench-coord"},
    )
    user.groups.add(coordinator_group_sync())
    return user


def _run(client: Client, url: str, n: int, *, cold: bool) -> tuple[list[float], int]:
    queries: list[str] = []
    if cold:
        invalidate("insights")
    with connection.execute_wrapper(
        lambda execute, sql, *args: (queries.append(sql), execute(sql, *args))[1]
    ):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(n):
        if cold:
            invalidate("insights")
        t0 = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    return sorted(timings), len(queries)


def _p95(timings: list[float]) -> float:
    return timings[max(int(len(timings) * 0.95) - 1, 0)]


def _uptime() -> str:
    """``uptime`` in UTC (Django sets TZ to the site's time zone for this process)."""
    env = {**os.environ, "TZ": "UTC"}
    return subprocess.run(["uptime"], capture_output=True, text=True, env=env).stdout.strip()


def main(n: int = 20, n_attendance: int = 10_000_000) -> None:
    print(_uptime())
    call_command("migrate", verbosity=0)
    seed(n_attendance)
    print(
        f"database: {connection.vendor}; attendance rows: {Attendance.objects.count():,}; "
        f"meetings: {Meeting.objects.count():,}; members: {User.objects.count():,}; {n} requests per line"
    )
    staff = Client(HTTP_HOST="127.0.0.1")
    staff.force_login(coordinator())
    visitor = Client(HTTP_HOST="127.0.0.1")
    pages = [
        *(
            (staff, f"/insights/?section={slug}")
            for slug in (
                "attendance-by-month",
                "attendance-by-organisation",
                "attendance-by-level",
                "attendance-by-format",
                "attendance-by-province",
                "members-by-organisation",
                "growth",
                "site-visits",
                "election-turnout",
            )
        ),
        (staff, "/insights/"),
        (staff, "/insights/?province=dornod"),
        (staff, "/insights/?section=attendance-by-organisation&province=dornod"),
        (staff, "/insights/?section=attendance-by-organisation&year=2025"),
        (staff, "/insights/?section=attendance-by-organisation&date_from=2025-03-10&date_to=2025-06-20"),
        (staff, "/insights/export/attendance-by-organisation.csv"),
        (visitor, "/insights/public/"),
        (visitor, "/insights/public/?year=2025"),
        (staff, "/insights/report/?year=2025"),
    ]
    print(f"{'page':<72} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'SQL':>4} {'vs healthz':>10}")
    base, _sql = _run(visitor, "/healthz", n * 5, cold=False)
    base_rate = 1000 / statistics.mean(base)
    print(
        f"{'/healthz':<72} {statistics.median(base):8.1f} {_p95(base):8.1f} {base[-1]:8.1f} {1:4d} {1:10.2f}"
    )
    for client, url in pages:
        for cold in (True, False):
            timings, sql = _run(client, url, n, cold=cold)
            ratio = (1000 / statistics.mean(timings)) / base_rate
            label = f"{url} ({'cold' if cold else 'warm'})"
            print(
                f"{label:<72} {statistics.median(timings):8.1f} {_p95(timings):8.1f} {timings[-1]:8.1f} "
                f"{sql:4d} {ratio:10.2f}",
                flush=True,
            )
    print(_uptime())


def compare_selectors(n: int = 3) -> None:
    """``bench/insights.py selectors [N]``: the grouped reads alone, from the raw attendance rows
    (``meetings.selectors``, as before the tallies) and from the tallies, median of N runs."""
    from insights import selectors
    from insights.filters import InsightFilters
    from meetings import selectors as raw
    from members import selectors as raw_members

    print(_uptime())
    print(
        f"database: {connection.vendor}; attendance rows: {Attendance.objects.count():,}; median of {n} runs"
    )
    year = InsightFilters(start=dt.datetime(2025, 1, 1, tzinfo=UB), end=dt.datetime(2026, 1, 1, tzinfo=UB))
    cases = [
        (
            "by meeting, all time",
            raw.attendance_count_by_meeting,
            selectors.attendance_count_by_meeting,
            None,
        ),
        ("by meeting, 2025", raw.attendance_count_by_meeting, selectors.attendance_count_by_meeting, year),
        (
            "by organisation, all time",
            raw.attendance_count_by_organisation,
            selectors._organisation_counts,
            None,
        ),
        ("by organisation, 2025", raw.attendance_count_by_organisation, selectors._organisation_counts, year),
        (
            "by organisation, Dornod",
            raw.attendance_count_by_organisation,
            selectors._organisation_counts,
            InsightFilters(province="dornod"),
        ),
        (
            "site visits, all time",
            raw.site_visit_count_by_province,
            selectors.site_visit_count_by_province,
            None,
        ),
        (
            "by meeting, Dornod",
            raw.attendance_count_by_meeting,
            selectors.attendance_count_by_meeting,
            InsightFilters(province="dornod"),
        ),
        (
            "members by organisation",
            raw_members.member_count_by_organisation,
            selectors.member_count_by_organisation,
            None,
        ),
        (
            "members by organisation, 2025",
            raw_members.member_count_by_organisation,
            selectors.member_count_by_organisation,
            year,
        ),
        (
            "members, to 20 June 2025",
            raw_members.member_count_by_organisation,
            selectors.member_count_by_organisation,
            InsightFilters(end=dt.datetime(2025, 6, 21, tzinfo=UB)),
        ),
        (
            "members by year joined",
            raw_members.member_count_by_year_joined,
            selectors.member_count_by_year_joined,
            None,
        ),
    ]
    print(f"{'read':<32} {'raw ms':>9} {'tallies ms':>11}")
    for label, before, after, f in cases:
        f = f or InsightFilters()
        times = []
        kwargs = f.member_kwargs() if before.__module__.startswith("members") else f.meeting_kwargs()
        for fn, arg in ((before, kwargs), (after, f)):
            runs = []
            for _ in range(n):
                t0 = time.perf_counter()
                fn(**arg) if isinstance(arg, dict) else fn(arg)
                runs.append((time.perf_counter() - t0) * 1000)
            times.append(statistics.median(runs))
        print(f"{label:<32} {times[0]:9.1f} {times[1]:11.1f}", flush=True)
    print(_uptime())


if __name__ == "__main__":
    if sys.argv[1:2] == ["selectors"]:
        compare_selectors(*(int(a) for a in sys.argv[2:3]))
    else:
        main(*(int(a) for a in sys.argv[1:3]))
