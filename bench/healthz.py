"""Baseline benchmark: requests per second and latency of GET /healthz.

    make bench          (or: DJANGO_DEBUG=true .venv/bin/python bench/healthz.py [N])

Runs the real WSGI stack in-process through Django's test client against the configured
database and broker (SQLite + filesystem broker by default; set DATABASE_URL/REDIS_URL
for PostgreSQL and Redis), and prints count, total seconds, requests/s and p50/p95/max ms.
"""

import os
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
from django.test import Client  # noqa: E402


def main(n: int = 500) -> None:
    call_command("migrate", verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get("/healthz").status_code == 200
    timings = []
    start = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        response = client.get("/healthz")
        timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.content
    total = time.perf_counter() - start
    timings.sort()
    print(f"healthz: {n} requests in {total:.2f} s = {n / total:.0f} req/s")
    print(
        f"latency ms: p50 {statistics.median(timings):.2f}  p95 {timings[int(n * 0.95) - 1]:.2f}  "
        f"max {timings[-1]:.2f}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
