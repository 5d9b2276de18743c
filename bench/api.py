"""Benchmark: the open-data API beside /healthz in the same run, over the library bench's data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cop_api \\
        DJANGO_DEBUG=true .venv/bin/python bench/api.py [N_REQUESTS] [N_ENTRIES]

Seeds (once, as ``bench/library.py`` does: N_ENTRIES library index entries, default 50,000)
and the demo when the database has no meetings, then runs, in-process through the real WSGI
stack (Django's test client), /healthz and each API endpoint N_REQUESTS times (default 100)
and prints per endpoint p50/p95/max in milliseconds and requests/s as a ratio of /healthz's
(the query counts are pinned in tests/api/test_queries.py). The rate limit is lifted for the run (one client makes every request);
each request is a full answer (no If-None-Match), so no 304 flatters the figures.
"""

import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ["COP_API_REQUESTS_PER_WINDOW"] = str(10**9)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from meetings.models import Meeting  # noqa: E402

ENDPOINTS = [
    "/api/v1/organisations/",
    "/api/v1/branches/",
    "/api/v1/meetings/",
    "/api/v1/meetings/?when=past&limit=100",
    "/api/v1/visits/",
    "/api/v1/conventions/",
    "/api/v1/elections/",
    "/api/v1/library/",
    "/api/v1/library/?limit=100&cursor=eyJhZnRlciI6IDQwMDAwfQ",
    "/api/v1/library/?q=сургалт хүйс",
    "/api/v1/library/?q=мод тарих",
    "/api/v1/insights/",
    "/api/v1/results/",
]


def _run(client: Client, url: str, n: int) -> list[float]:
    response = client.get(url)  # warm; the query counts are pinned in tests/api/test_queries.py
    assert response.status_code == 200, (url, response.status_code, response.content[:200])
    timings = []
    for _ in range(n):
        t0 = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - t0) * 1000)
    return sorted(timings)


def main(n: int = 100, n_entries: int = 50_000) -> None:
    # bench/library.py (its seed), beside this file; "library" alone is the Django app.
    spec = importlib.util.spec_from_file_location("bench_library", Path(__file__).with_name("library.py"))
    library_bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(library_bench)
    call_command("migrate", verbosity=0)
    if not Meeting.objects.exists():
        call_command("seed_demo", verbosity=0)
    library_bench.seed(n_entries)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{connection.vendor}; {n} requests per endpoint")
    print(f"{'endpoint':<56} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'vs healthz':>10}")
    base = _run(client, "/healthz", n)
    base_rate = 1000 / statistics.mean(base)
    rows = [("/healthz", base)] + [(url, _run(client, url, n)) for url in ENDPOINTS]
    for label, timings in rows:
        p95 = timings[int(len(timings) * 0.95) - 1]
        ratio = (1000 / statistics.mean(timings)) / base_rate
        print(f"{label:<56} {statistics.median(timings):8.1f} {p95:8.1f} {timings[-1]:8.1f} {ratio:10.2f}")


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 100,
        int(sys.argv[2]) if len(sys.argv) > 2 else 50_000,
    )
