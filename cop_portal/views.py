"""Site-wide views: the home page and the health check."""

import logging

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from . import pagecache
from .celery import app as celery_app
from .monitoring import health

log = logging.getLogger(__name__)


def database_ok() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "down"
        log.exception("healthz: database check failed")
        return False


def broker_ok() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
            # Opening a channel is a real round trip on every transport.
            channel = conn.channel()
            channel.close()
        return True
    except Exception:  # noqa: BLE001
        log.warning("healthz: broker check failed", exc_info=True)
        return False


def _liveness_and_outbox(db_ok: bool) -> tuple[dict, dict]:
    """The worker's and beat's liveness and the outbox's backlog: one cache read, and the
    outbox's queries only every COP_HEALTH_OUTBOX_CACHE_SECONDS."""
    try:
        liveness, cached = health.snapshot()
    except Exception:  # noqa: BLE001 - a cache that fails must not fail the health check
        log.warning("healthz: cache read failed", exc_info=True)
        unknown = {"status": "unknown"}
        return {"worker": unknown, "beat": unknown}, unknown
    if cached is None and not db_ok:
        return liveness, {"status": "unknown"}
    try:
        figures = health.outbox_figures(cached=cached)
    except Exception:  # noqa: BLE001 - the health check answers whatever fails
        log.warning("healthz: outbox figures failed", exc_info=True)
        return liveness, {"status": "unknown"}
    return liveness, {
        "backlog": figures["backlog"],
        "oldest_waiting_seconds": figures["oldest_waiting_seconds"],
    }


def healthz(request):
    """JSON state of the database and the broker (200 when both answer, else 503), with the
    worker's and beat's last signs of life and the outbox's backlog (cached seconds)."""
    db, broker = database_ok(), broker_ok()
    healthy = db and broker
    payload = {
        "status": "ok" if healthy else "degraded",
        "database": "ok" if db else "down",
        "broker": "ok" if broker else "down",
    }
    # Reported, not judged: a late worker must not take the web site out of a load balancer.
    liveness, outbox = _liveness_and_outbox(db)
    payload.update(liveness, outbox=outbox)
    response = JsonResponse(payload, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response


class HomeView(TemplateView):
    """Visitors get the whole page from the page cache; for signed-in people the meeting and
    visit lists (the same for everyone) come from the cache until a meeting list changes, and a
    member's own part (next meetings, actions, feedback owed) is kept per member until their
    registrations or answers (member:<pk>), a meeting, attendance or an action change, and at
    most the page cache's short timeout (meetings move to the past by the clock)."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        sections = pagecache.cached(
            "home-sections",
            names=("feed:all",),
            audience="public",
            build=lambda: render_to_string("meetings/_home_sections.html"),
            timeout=900,
        )
        context = {**super().get_context_data(**kwargs), "home_sections": mark_safe(sections)}  # noqa: S308
        user = self.request.user
        if user.is_authenticated and getattr(user, "is_member", False):
            personal = pagecache.cached(
                "home-personal",
                names=(f"member:{user.pk}", "feed:all", "insights", "actions", "labels"),
                audience=f"user:{user.pk}",
                build=lambda: render_to_string("_partials/home_personal.html", {"user": user}),
                timeout=getattr(settings, "COP_PAGE_CACHE_SECONDS", 60),
            )
            context["home_personal"] = mark_safe(personal)  # noqa: S308 - our own render
        return context
