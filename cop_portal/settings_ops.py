"""Settings of running the portal for real: backups, error reports, metrics, liveness.

Part of ``cop_portal/settings.py``, which merges what ``running_settings`` returns into its
own names (split off so that no module passes 400 lines); every variable is in README.md.
"""

import os
from pathlib import Path

from celery.schedules import crontab


def running_settings(env, debug: bool, var_dir: Path, reminder_scan_seconds: float, beat_schedule: dict):
    """The settings below, read from the environment; adds the backup to ``beat_schedule``."""
    s = {}
    # Earlier DJANGO_SECRET_KEYs, comma-separated: sessions and signed links made with them stay
    # valid while a new key is rolled out (README, "Runbook: rotating the secret keys").
    s["SECRET_KEY_FALLBACKS"] = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
    # --- Sessions ---
    # Read from the cache (Redis, a copy kept a minute) and written through to the database:
    # a signed-in page reads its session without a query, and a session outlives a Redis
    # flush or outage (cop_portal/sessions.py).
    s["SESSION_ENGINE"] = "cop_portal.sessions"
    # --- Backups (cop_portal/backups, README "Runbook") ---
    # The secret backup files are encrypted with; kept in the service environment and somewhere
    # safe off the server, never in the database or next to the backups. Empty: a public
    # development key while debugging, and no backup at all in production (check --deploy warns).
    s["COP_BACKUP_KEY"] = env.str("COP_BACKUP_KEY", default="")
    # Earlier keys, comma-separated, so backups made before a rotation still restore.
    s["COP_BACKUP_PREVIOUS_KEYS"] = env.list("COP_BACKUP_PREVIOUS_KEYS", default=[])
    s["COP_BACKUP_DIR"] = Path(env.str("COP_BACKUP_DIR", default=str(var_dir / "backups")))
    # How many scheduled backups are kept (the newest); older ones are deleted after each run.
    s["COP_BACKUP_KEEP"] = env.int("COP_BACKUP_KEEP", default=14)
    # Hour of the day (Asia/Ulaanbaatar) of the scheduled backup; empty: no scheduled backup.
    s["COP_BACKUP_HOUR"] = hour = env.str("COP_BACKUP_HOUR", default="" if debug else "3")
    if hour != "":
        beat_schedule["cop-backup"] = {
            "task": "cop_portal.tasks.backup_scheduled",
            "schedule": crontab(hour=int(hour), minute=15),
        }

    # --- Error reports (cop_portal/monitoring/reporting.py) ---
    # To Sentry or a compatible server (GlitchTip) when a DSN is set; personal data is
    # scrubbed before anything leaves.
    s["SENTRY_DSN"] = dsn = env.str("SENTRY_DSN", default="")
    if dsn:
        from cop_portal.monitoring.reporting import sentry_init
        from cop_portal.version import portal_version

        sentry_init(
            dsn,
            environment=env.str("SENTRY_ENVIRONMENT", default="development" if debug else "production"),
            release=f"cop-portal@{portal_version()}",
            traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        )

    # --- Metrics and liveness (cop_portal/monitoring/metrics.py, health.py) ---
    # /metrics answers a bearer token or an address in the list (CIDR allowed); neither set: 404.
    s["COP_METRICS_TOKEN"] = env.str("COP_METRICS_TOKEN", default="")
    s["COP_METRICS_ALLOWED_IPS"] = env.list("COP_METRICS_ALLOWED_IPS", default=[])
    # prometheus-client's multiprocess mode, so a scrape sums every gunicorn worker; the folder
    # is emptied when the web service starts (deploy/systemd/cop-web.service).
    s["COP_METRICS_DIR"] = metrics_dir = env.str("COP_METRICS_DIR", default="")
    if metrics_dir:
        os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", metrics_dir)
    # The worker writes a heartbeat this often; /healthz calls it late after the next setting.
    s["COP_WORKER_HEARTBEAT_SECONDS"] = env.int("COP_WORKER_HEARTBEAT_SECONDS", default=30)
    s["COP_WORKER_LATE_SECONDS"] = env.int("COP_WORKER_LATE_SECONDS", default=120)
    # Beat sends the reminders' scan every minute; later than this, it is reported late.
    s["COP_BEAT_LATE_SECONDS"] = env.int(
        "COP_BEAT_LATE_SECONDS", default=max(180, int(3 * reminder_scan_seconds))
    )
    s["COP_HEALTH_OUTBOX_CACHE_SECONDS"] = env.int("COP_HEALTH_OUTBOX_CACHE_SECONDS", default=15)
    return s
