"""Production settings pass Django's deployment checklist at warning level."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def _manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_SETTINGS_MODULE": "cop_portal.settings",  # production's, not the suite's
            **env,
        },
        capture_output=True,
        text=True,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        COP_BALLOT_KEY=secrets.token_urlsafe(50),
        COP_BACKUP_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="cop.example.mn",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_when_ballots_would_use_the_development_key():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        COP_BALLOT_KEY="",
        COP_BACKUP_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="cop.example.mn",
    )
    assert result.returncode != 0
    assert "coordinators.W001" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_DEBUG": "false"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_check_deploy_warns_when_backups_have_no_key():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        COP_BALLOT_KEY=secrets.token_urlsafe(50),
        COP_BACKUP_KEY="",
        DJANGO_ALLOWED_HOSTS="cop.example.mn",
    )
    assert result.returncode != 0
    assert "cop_portal.W001" in result.stdout + result.stderr


def test_gunicorn_replaces_workers_and_clears_a_dead_workers_live_metrics(tmp_path, monkeypatch):
    import runpy
    from types import SimpleNamespace

    monkeypatch.setenv("COP_METRICS_DIR", str(tmp_path))
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    config = runpy.run_path(str(settings.BASE_DIR / "deploy" / "gunicorn.conf.py"))
    # Known to the master before its hook imports prometheus-client (workers inherit the import).
    assert os.environ["PROMETHEUS_MULTIPROC_DIR"] == str(tmp_path)
    assert config["max_requests"] > 0 and 0 < config["max_requests_jitter"] < config["max_requests"]
    for name in ("gauge_livesum_42.db", "counter_42.db", "histogram_42.db", "gauge_livesum_43.db"):
        (tmp_path / name).write_bytes(b"")
    config["child_exit"](None, SimpleNamespace(pid=42))
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == ["counter_42.db", "gauge_livesum_43.db", "histogram_42.db"]
