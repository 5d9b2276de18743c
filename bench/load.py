"""Load benchmark: gunicorn with production settings, driven by wrk, on the seeded scale data.

    DJANGO_DEBUG=true .venv/bin/python manage.py seed_scale     (once, into DATABASE_URL)
    .venv/bin/python bench/load.py [--duration 10] [--warmup 3] [--connections 20] [--rounds 1]

Defaults: DATABASE_URL=postgres://postgres@127.0.0.1:5432/cop_scale, REDIS_URL=
redis://127.0.0.1:6379/14 (override with the environment). The script collects static
files into var/bench/, starts gunicorn (3 sync workers, DJANGO_DEBUG=false, a throwaway
secret, DJANGO_ALLOWED_HOSTS=127.0.0.1, DJANGO_SECURE_SSL_REDIRECT=false because it serves
plain http) and a Celery worker, and for every page runs wrk (installed with apt-get when
missing) for a warm-up and then a fixed duration. It prints per page: requests/s, p50,
p95 and p99 latency, bytes per response, SQL queries per request (counted in-process with
the same settings), and the ratio of requests/s to /healthz measured in the same run; then
the RSS of each gunicorn worker and of the Celery worker; the in-process cold build time of the
all-meetings feed; then the EXPLAIN check of the
meeting list's queries (no sequential scan of the registrations or attendance tables).

Signed-in pages use a session created in-process for the seeded scale-member@example.mn
(or scale-coordinator@example.mn, whose session counts as verified by a second factor so
that /insights/ and the coordinator's results pages answer as to a coordinator), sent by
wrk as a cookie.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENV = {
    "DATABASE_URL": os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cop_scale"),
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "bench-load-secret-not-for-production-0123456789abcdefghij",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SECURE_HSTS_SECONDS": "0",
    "DJANGO_STATIC_ROOT": str(ROOT / "var" / "bench" / "static"),
    "COP_VAR_DIR": str(ROOT / "var" / "bench"),
    "DJANGO_LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "cop_portal.settings",
}
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from serving import free_port, wait_for  # noqa: E402

from meetings.models import Meeting  # noqa: E402
from members.models import User  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
LUA = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    summary.bytes, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout))
end
"""


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk not found: installing it from Debian's packages (apt-get install wrk)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "wrk"], check=True)
    return shutil.which("wrk") or "/usr/bin/wrk"


def drain(base: str, workers: int) -> None:
    """Wait until the server has finished the requests queued by the last wrk run (a sync
    worker keeps working through requests whose connection wrk already closed)."""
    import concurrent.futures

    def one(_):
        urllib.request.urlopen(base + "/healthz", timeout=300).read()  # noqa: S310 - local URL

    with concurrent.futures.ThreadPoolExecutor(workers * 2) as pool:
        list(pool.map(one, range(workers * 2)))


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def session_cookie(user: User, *, second_factor: bool = False) -> str:
    """A signed-in session for ``user``; with ``second_factor`` it counts as verified by a
    code (as after a TOTP sign-in), so a coordinator's powers are not held back."""
    from allauth.account.internal.flows.login import record_authentication

    client = Client()
    client.force_login(user)
    if second_factor:
        request = RequestFactory().get("/")
        request.session = client.session
        record_authentication(request, user, "mfa", type="totp")
        request.session.save()
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def pages() -> list[tuple[str, str, str | None, dict]]:
    """(label, path, session cookie or None, extra headers) for every page measured."""
    member = User.objects.get(email="scale-member@example.mn")
    coordinator = User.objects.get(email="scale-coordinator@example.mn")
    member_cookie = session_cookie(member)
    coordinator_cookie = session_cookie(coordinator, second_factor=True)
    upcoming = (
        Meeting.objects.filter(status=Meeting.Status.PUBLISHED, ends_at__gt=timezone.now())
        .order_by("starts_at", "id")
        .first()
    )
    return [
        ("/healthz", "/healthz", None, {}),
        ("/ (visitor)", "/", None, {}),
        ("/ (member)", "/", member_cookie, {}),
        ("/meetings/ (visitor)", "/meetings/", None, {}),
        ("/meetings/ (member)", "/meetings/", member_cookie, {}),
        ("/meetings/?when=past", "/meetings/?when=past", None, {}),
        ("/meetings/?province=dornod", "/meetings/?province=dornod", None, {}),
        ("/meetings/<id>/ (visitor)", f"/meetings/{upcoming.pk}/", None, {}),
        ("/meetings/<id>/ (member)", f"/meetings/{upcoming.pk}/", member_cookie, {}),
        ("/meetings/mine/ (member)", "/meetings/mine/", member_cookie, {}),
        ("/meetings/calendar.ics", "/meetings/calendar.ics", None, {}),
        ("/calendar/<token>.ics (personal)", f"/calendar/{member.calendar_token}.ics", None, {}),
        ("/organisations/", "/organisations/", None, {}),
        ("/branches/", "/branches/", None, {}),
        ("/visits/", "/visits/", None, {}),
        ("/insights/public/", "/insights/public/", None, {}),
        ("/insights/ (coordinator)", "/insights/", coordinator_cookie, {}),
        (
            "/insights/ by organisation",
            "/insights/?section=attendance-by-organisation",
            coordinator_cookie,
            {},
        ),
        ("/profile/ (member)", "/profile/", member_cookie, {}),
        ("/profile/participation/ (member)", "/profile/participation/", member_cookie, {}),
        ("/proposals/ (member)", "/proposals/", member_cookie, {}),
        ("/elections/ (member)", "/elections/", member_cookie, {}),
        ("/members/ (member)", "/members/", member_cookie, {}),
        ("/library/ (member)", "/library/", member_cookie, {}),
        ("/results/ (visitor)", "/results/", None, {}),
        ("/results/ (coordinator)", "/results/", coordinator_cookie, {}),
        ("/actions/ (member)", "/actions/", member_cookie, {}),
        ("/actions/?scope=organisation (member)", "/actions/?scope=organisation", member_cookie, {}),
        (
            "/organisations/<slug>/results/ (member)",
            f"/organisations/{member.organisation.slug}/results/",
            member_cookie,
            {},
        ),
        (
            "/organisations/<slug>/results/ (coordinator)",
            f"/organisations/{member.organisation.slug}/results/",
            coordinator_cookie,
            {},
        ),
    ]


CONDITIONAL = {"/meetings/ (visitor)", "/meetings/calendar.ics", "/calendar/<token>.ics (personal)"}


def conditional_pages(base: str, plist) -> list[tuple[str, str, str | None, dict]]:
    """For every page answering with an ETag or Last-Modified: the same GET made conditional."""
    out = []
    for label, path, cookie, _headers in plist:
        if label not in CONDITIONAL:
            continue
        req = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
        req.add_header("Accept-Encoding", "gzip")
        with urllib.request.urlopen(req, timeout=600) as r:  # noqa: S310 - local URL
            etag, modified = r.headers.get("ETag"), r.headers.get("Last-Modified")
        if etag:
            out.append((f"{label} 304", path, cookie, {"If-None-Match": etag}))
        elif modified:
            out.append((f"{label} 304", path, cookie, {"If-Modified-Since": modified}))
    return out


def count_queries(path: str, cookie: str | None, headers: dict) -> int:
    client = Client(HTTP_HOST="127.0.0.1")
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}
    client.get(path, **extra)  # warm caches the way the server's are warm
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, **extra)
    if response.status_code not in (200, 304):  # wrk counts only 4xx and 5xx as errors
        print(f"warning: {path} answers {response.status_code}, not the page")
    return len(ctx.captured_queries)


def run_wrk(wrk: str, url: str, cookie, headers, args, script: str, server: str) -> dict:
    hdrs = ["-H", "Accept-Encoding: gzip"]
    if cookie:
        hdrs += ["-H", f"Cookie: {cookie}"]
    for k, v in headers.items():
        hdrs += ["-H", f"{k}: {v}"]
    base = [wrk, "-t2", f"-c{args.connections}", "--timeout", "30s", "-s", script, *hdrs]
    drain(server, args.workers)
    subprocess.run([*base, f"-d{args.warmup}s", url], capture_output=True, check=True)
    drain(server, args.workers)
    out = subprocess.run(
        [*base, f"-d{args.duration}s", url], capture_output=True, text=True, check=True
    ).stdout
    m = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    n, dur_us, nbytes, p50, p95, p99, bad_status, sock_err = map(int, m.groups())
    return {
        "rps": n / (dur_us / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "bytes": nbytes / max(n, 1),
        "non2xx": bad_status,
        "errors": sock_err,
    }


def explain_check() -> list[str]:
    """EXPLAIN the meeting list's queries (page, paginator count, seat counts of the page):
    which tables each reads and how; a sequential scan of a big table is flagged."""
    from django.core.paginator import Paginator

    from meetings import selectors
    from meetings.models import Registration

    if connection.vendor != "postgresql":
        return ["  skipped (not PostgreSQL)"]
    big = ("meetings_registration", "meetings_attendance", "members_user")
    lines = []
    for label, filters in (
        ("upcoming", {}),
        ("past", {"when": "past"}),
        ("province", {"province": "dornod"}),
    ):
        qs = selectors.meeting_list_public(**filters)
        ids = [m.pk for m in Paginator(qs, 20).page(1)]
        seats = (
            Registration.objects.filter(meeting_id__in=ids, status="confirmed")
            .order_by()
            .values_list("meeting_id")
        )
        for part, plan in (
            ("page", qs[:20].explain()),
            ("count", qs.order_by().explain()),
            ("seats", seats.explain()),
        ):
            scans = sorted(
                set(
                    re.findall(
                        r"((?:Parallel )?(?:Seq|Index|Index Only|Bitmap Heap) Scan)(?: using \w+)? on (\w+)",
                        plan,
                    )
                )
            )
            read = ", ".join(f"{t} ({how})" for how, t in scans if t in big) or "no big table"
            bad = any(how.endswith("Seq Scan") and t in big for how, t in scans)
            lines.append(
                f"  {label:9} {part:5}: {read}{'  <-- SEQUENTIAL SCAN OF A BIG TABLE' if bad else ''}"
            )
    return lines


def feed_build_times(runs: int = 3) -> list[str]:
    """The all-meetings feed built in-process as on a cold cache (query, then iCalendar), in
    Mongolian: milliseconds per run (the first run also loads the translation catalogue)."""
    from django.utils import translation

    from meetings import selectors
    from meetings.ical import calendar_bytes

    lines = []
    with translation.override("mn"):
        for n in range(1, runs + 1):
            t0 = time.perf_counter()
            meetings = list(selectors.meeting_list_calendar())
            t1 = time.perf_counter()
            body = calendar_bytes(meetings, name="feed")
            t2 = time.perf_counter()
            lines.append(
                f"  run {n}: {len(meetings)} meetings, query {1000 * (t1 - t0):.0f} ms, "
                f"iCalendar {1000 * (t2 - t1):.0f} ms, {len(body) / 1024:.0f} KB"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--only", default="", help="measure only pages whose label contains this (several: a|b)"
    )
    args = parser.parse_args()

    wrk = ensure_wrk()
    if not User.objects.filter(email="scale-member@example.mn").exists():
        raise SystemExit(
            "No scale data: run DJANGO_DEBUG=true manage.py seed_scale with this DATABASE_URL first."
        )
    env = {**os.environ, **ENV}
    subprocess.run([PY, "-m", "cop_portal.i18n_compile"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(ROOT / "var" / "bench" / "gunicorn.log", "w")  # noqa: SIM115
    web = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "cop_portal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--timeout", "600"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    worker = subprocess.Popen(
        [PY, "-m", "celery", "-A", "cop_portal", "worker", "--loglevel=WARNING", "--concurrency=1",
         f"--hostname=bench-load-{port}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "-Q", f"bench-load-{port}"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
    script.write(LUA)
    script.close()
    try:
        wait_for(base + "/healthz", time.monotonic() + 300)
        plist = pages()
        plist += conditional_pages(base, plist)
        if args.only:
            wanted = args.only.split("|")
            plist = [p for p in plist if p[0] == "/healthz" or any(w in p[0] for w in wanted)]
        queries = {label: count_queries(path, cookie, headers) for label, path, cookie, headers in plist}
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(
            f"gunicorn {args.workers} sync workers, DEBUG off, {connection.vendor} + Redis; wrk -t2 "
            f"-c{args.connections}, {args.warmup} s warm-up then {args.duration} s per page\n"
        )
        for rnd in range(1, args.rounds + 1):
            print(f"round {rnd}")
            print(
                f"{'page':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'bytes':>9} {'SQL':>4} {'vs healthz':>10}"
            )
            healthz = None
            for label, path, cookie, headers in plist:
                r = run_wrk(wrk, base + path, cookie, headers, args, script.name, base)
                healthz = healthz or r["rps"]
                flag = ""
                if r["non2xx"] or r["errors"]:
                    flag = f"  ({r['non2xx']} non-2xx/3xx, {r['errors']} socket errors)"
                print(
                    f"{label:34} {r['rps']:8.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f} "
                    f"{r['bytes']:9.0f} {queries[label]:4d} {r['rps'] / healthz:10.2f}{flag}"
                )
            print(f"load average after the round: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
        workers = children(web.pid)
        print("RSS after the run: " + ", ".join(f"web worker {pid} {rss_mb(pid):.0f} MB" for pid in workers))
        celery_pids = [worker.pid, *children(worker.pid)]
        print("RSS of the Celery worker: " + ", ".join(f"{pid} {rss_mb(pid):.0f} MB" for pid in celery_pids))
        print(f"\nCold build of the all-meetings feed, in-process (load {os.getloadavg()[0]:.1f}):")
        print("\n".join(feed_build_times()))
        print("\nEXPLAIN of /meetings/ queries (sequential scans of registrations/attendance flagged):")
        print("\n".join(explain_check()))
    finally:
        for proc in (web, worker):
            proc.send_signal(signal.SIGTERM)
        for proc in (web, worker):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        os.unlink(script.name)


if __name__ == "__main__":
    main()
