"""First load on a phone: the bytes Chromium fetches for the home page and a meeting page.

    .venv/bin/python bench/first_load.py [--width 360]

A size measurement, not a timing (so no ratio to /healthz): it collects the static files into
var/bench-first-load/ (WhiteNoise precompresses them, as in production), seeds the demo data
into a SQLite database there if empty, starts gunicorn with production settings
(DJANGO_DEBUG=false, plain http), and opens `/` and the first published meeting in a fresh
Chromium context (empty cache) at 360 × 740 px, as a visitor and as the demo member. For every
response it prints the body bytes on the wire (``Content-Encoding`` as served: static files
gzipped by WhiteNoise; HTML as gunicorn sends it) and the same body gzipped at level 6; the
total of the second column is the figure of the budget in tests/test_assets.py (≤ 40 KB).
Needs Debian's Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VAR = ROOT / "var" / "bench-first-load"
ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "bench-first-load-secret-not-for-production-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_SECURE_HSTS_SECONDS": "0",
    "DJANGO_STATIC_ROOT": str(VAR / "static"),
    "COP_VAR_DIR": str(VAR),
    "DJANGO_LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "cop_portal.settings",
    # The bytes of a page do not depend on the database: always the demo data in SQLite.
    "DATABASE_URL": f"sqlite:///{VAR / 'db.sqlite3'}",
    "REDIS_URL": "",
    "REDIS_CACHE_URL": "",
}
os.environ.update(ENV)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from serving import free_port, wait_for  # noqa: E402

from meetings.models import Meeting  # noqa: E402
from members.models import User  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
MEMBER = "member@example.mn"


def measure(browser, base: str, path: str, cookies: list[dict], width: int) -> list[tuple[int, int, str]]:
    context = browser.new_context(base_url=base, viewport={"width": width, "height": 740})
    context.add_cookies(cookies)
    page = context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(path)
    page.wait_for_load_state("networkidle")
    rows = []
    for request in finished:
        response = request.response()
        body = response.body() if response else b""
        wire = request.sizes()["responseBodySize"]
        rows.append(
            (wire, len(gzip.compress(body, compresslevel=6, mtime=0)), request.url.removeprefix(base))
        )
    context.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--width", type=int, default=360)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    VAR.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **ENV}
    for command, debug in (
        (["migrate", "--noinput", "-v0"], "false"),
        (
            ["seed_demo", "--if-empty"],
            "true",
        ),  # demo accounts: refused with DEBUG off, and this database is the bench's own
        (["collectstatic", "--noinput", "-v0"], "false"),
    ):
        subprocess.run(
            [PY, "manage.py", *command],
            cwd=ROOT,
            env={**env, "DJANGO_DEBUG": debug},
            check=True,
            stdout=subprocess.DEVNULL,
        )
    meeting = Meeting.objects.filter(status=Meeting.Status.PUBLISHED).order_by("starts_at").first()
    client = Client()
    client.force_login(User.objects.get(email=MEMBER))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(VAR / "gunicorn.log", "w")  # noqa: SIM115
    web = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "cop_portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for(f"{base}/", time.monotonic() + 60)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            lang = {"name": settings.LANGUAGE_COOKIE_NAME, "value": "mn", "domain": "127.0.0.1", "path": "/"}
            member = {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session,
                "domain": "127.0.0.1",
                "path": "/",
            }
            for role, cookies in (("visitor", [lang]), ("member", [lang, member])):
                for path in ("/", meeting.get_absolute_url()):
                    rows = measure(browser, base, path, cookies, args.width)
                    print(f"== {role} {path} at {args.width} px: wire bytes, gzip -6 bytes, URL")
                    for wire, gz, url in rows:
                        print(f"  {wire:8d} {gz:8d}  {url}")
                    print(f"  {sum(r[0] for r in rows):8d} {sum(r[1] for r in rows):8d}  total")
            browser.close()
    finally:
        web.terminate()
        web.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()
