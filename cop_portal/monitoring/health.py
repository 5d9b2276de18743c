"""Liveness of the Celery worker and beat, Celery task failures, and the outbox's figures.

The worker writes its heartbeat into the shared cache every ``COP_WORKER_HEARTBEAT_SECONDS``
(a bootstep on the worker's timer, ``cop_portal/celery.py``); beat writes a tick whenever it
sends a scheduled task (the reminders' scan goes every minute); a failed task increments a
counter per task name. The outbox's figures come from the app that owns the outbox, which
registers a function here (``register_outbox``), since ``cop_portal`` imports no app.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

log = logging.getLogger(__name__)

WORKER_KEY = "cop:liveness:worker"
BEAT_KEY = "cop:liveness:beat"
FAILURES_KEY = "cop:celery:failures"
OUTBOX_KEY = "cop:outbox:figures"
OUTBOX_FIELDS = ("backlog", "oldest_waiting_seconds", "failed", "parked")

_outbox_sources: list[Callable[[], dict]] = []
_in_beat = False


def register_outbox(source: Callable[[], dict]) -> None:
    """``source()`` returns ``{"backlog", "oldest_waiting_seconds", "failed", "parked"}``."""
    if source not in _outbox_sources:
        _outbox_sources.append(source)


def outbox_figures(*, fresh: bool = False, cached: dict | None = None) -> dict:
    """The outbox's figures summed over the registered sources; cached a few seconds so that
    /healthz stays one cache read however often it is polled (``cached``: already read)."""
    figures = None if fresh else (cached if cached is not None else cache.get(OUTBOX_KEY))
    if figures is None:
        figures = dict.fromkeys(OUTBOX_FIELDS, 0)
        for source in _outbox_sources:
            for name, value in source().items():
                figures[name] = (
                    max(figures[name], value) if name == "oldest_waiting_seconds" else figures[name] + value
                )
        cache.set(OUTBOX_KEY, figures, settings.COP_HEALTH_OUTBOX_CACHE_SECONDS)
    return figures


def worker_beat() -> None:
    cache.set(WORKER_KEY, time.time(), None)


def beat_tick(**kwargs) -> None:
    if _in_beat:
        cache.set(BEAT_KEY, time.time(), None)


def beat_started(**kwargs) -> None:
    global _in_beat
    _in_beat = True
    beat_tick()


def task_failed(sender=None, **kwargs) -> None:
    name = getattr(sender, "name", None) or str(sender)
    try:
        failures = cache.get(FAILURES_KEY) or {}
        failures[name] = failures.get(name, 0) + 1
        cache.set(FAILURES_KEY, failures, None)
    except Exception:  # noqa: BLE001 - counting must never hide the task's own error
        log.warning("could not count a failed task", exc_info=True)


def task_failures() -> dict[str, int]:
    return cache.get(FAILURES_KEY) or {}


def snapshot() -> tuple[dict, dict | None]:
    """``(liveness(), the cached outbox figures or None)`` in one cache round trip (/healthz)."""
    seen = cache.get_many([WORKER_KEY, BEAT_KEY, OUTBOX_KEY])
    return liveness(seen), seen.get(OUTBOX_KEY)


def liveness(seen: dict | None = None) -> dict:
    """``{"worker": {...}, "beat": {...}}``: each "ok" when seen within its allowance, "late"
    after it, "unknown" when never seen (no process has run since the cache was emptied)."""
    seen = cache.get_many([WORKER_KEY, BEAT_KEY]) if seen is None else seen
    now = time.time()
    out = {}
    for name, key, allowance in (
        ("worker", WORKER_KEY, settings.COP_WORKER_LATE_SECONDS),
        ("beat", BEAT_KEY, settings.COP_BEAT_LATE_SECONDS),
    ):
        at = seen.get(key)
        if at is None:
            out[name] = {"status": "unknown"}
        else:
            age = max(0, round(now - at))
            out[name] = {"status": "ok" if age <= allowance else "late", "seconds_ago": age}
    return out


def last_seen() -> dict[str, float | None]:
    seen = cache.get_many([WORKER_KEY, BEAT_KEY])
    return {"worker": seen.get(WORKER_KEY), "beat": seen.get(BEAT_KEY)}
