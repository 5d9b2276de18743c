"""Prometheus metrics at ``/metrics``, behind a token or an address list.

Per request (``MetricsMiddleware``, the outermost middleware): latency and database queries
by view, page-cache hits and misses. With several gunicorn workers, set ``COP_METRICS_DIR``
(prometheus-client's multiprocess mode; the folder is emptied when the service starts) so a
scrape sums every worker. At scrape time: the outbox's backlog, its oldest waiting e-mail,
failed and parked deliveries, Celery task failures, the worker's and beat's last signs of life.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from . import health, reporting

LATENCY = Histogram(
    "cop_http_request_duration_seconds",
    "Time to answer a request, by view (URL name).",
    ["view"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
REQUESTS = Counter("cop_http_requests", "Requests answered, by view and status class.", ["view", "status"])
QUERIES = Histogram(
    "cop_db_queries_per_request",
    "Database queries one request made, by view.",
    ["view"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 250),
)
PAGE_CACHE = Counter(
    "cop_page_cache_requests", "Cacheable visitor pages: served from the cache or not.", ["result"]
)


def _view_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name or "unnamed") if match else "unresolved"


class MetricsMiddleware:
    """Times every request and counts its database queries; remembers who it is for, so an
    error report can scrub that person's details (``reporting.current_user``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        queries = [0]

        def count(execute, sql, params, many, context):
            queries[0] += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        token = reporting.current_user.set(None)
        try:
            with connection.execute_wrapper(count):
                response = self.get_response(request)
        finally:
            reporting.current_user.reset(token)
        view = _view_name(request)
        LATENCY.labels(view).observe(time.perf_counter() - started)
        QUERIES.labels(view).observe(queries[0])
        REQUESTS.labels(view, f"{response.status_code // 100}xx").inc()
        cached = response.get("X-Page-Cache")
        if cached in ("hit", "miss"):
            PAGE_CACHE.labels(cached).inc()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Authentication has run by now; the user object is only read if an error is reported.
        reporting.current_user.set(getattr(request, "user", None))


class _ScrapeCollector:
    """Figures read when Prometheus scrapes: the outbox, Celery, the worker and beat."""

    def collect(self):
        figures = health.outbox_figures(fresh=True)
        yield GaugeMetricFamily(
            "cop_outbox_backlog", "E-mails due and waiting to be sent.", value=figures["backlog"]
        )
        yield GaugeMetricFamily(
            "cop_outbox_oldest_waiting_seconds",
            "Age of the oldest e-mail due and not yet sent.",
            value=figures["oldest_waiting_seconds"],
        )
        yield GaugeMetricFamily(
            "cop_outbox_failed", "Deliveries that ended as failed.", value=figures["failed"]
        )
        yield GaugeMetricFamily(
            "cop_outbox_parked",
            "Deliveries parked: handed to the mail server with the outcome unknown, or refused for now.",
            value=figures["parked"],
        )
        failures = CounterMetricFamily(
            "cop_celery_task_failures", "Celery tasks that raised, by task.", labels=["task"]
        )
        for task, n in sorted(health.task_failures().items()):
            failures.add_metric([task], n)
        yield failures
        seen = health.last_seen()
        for name, helptext in (
            ("worker", "Last heartbeat of a Celery worker"),
            ("beat", "Last tick of Celery beat"),
        ):
            yield GaugeMetricFamily(
                f"cop_{name}_last_seen_timestamp_seconds",
                f"{helptext} (Unix time; 0 = never seen).",
                value=seen[name] or 0,
            )


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        for collector in (LATENCY, REQUESTS, QUERIES, PAGE_CACHE):
            registry.register(collector)
    registry.register(_ScrapeCollector())
    return registry


def client_address(request) -> str:
    """The client's address as the last trusted proxy reports it (COP_TRUSTED_PROXY_COUNT)."""
    hops = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def allowed(request) -> bool:
    token = settings.COP_METRICS_TOKEN
    if token:
        given = request.META.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ").strip()
        if given and hmac.compare_digest(given.encode(), token.encode()):
            return True
    try:
        address = ipaddress.ip_address(client_address(request))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(net, strict=False) for net in settings.COP_METRICS_ALLOWED_IPS)


def metrics_view(request):
    """The Prometheus text format; 404 while neither a token nor an address list is set."""
    if not settings.COP_METRICS_TOKEN and not settings.COP_METRICS_ALLOWED_IPS:
        raise Http404
    if not allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain")
    response = HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
