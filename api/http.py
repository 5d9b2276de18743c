"""What every answer of the API shares, wrapped around each of its views once (``urls.py``):
the language (``?lang=`` or Accept-Language), per-client rate limits, CORS for reads, and
ETag / 304 from the body that was built.

The rate limit is a fixed window per client in the shared cache: the first request of a
client opens a window of ``COP_API_WINDOW_SECONDS``; past ``COP_API_REQUESTS_PER_WINDOW``
requests in it the API answers 429 with ``Retry-After`` (the seconds left). A client is the
bearer token when one is sent, else the address the trusted proxies report."""

from __future__ import annotations

import functools
import hashlib
import os
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header

from cop_portal.monitoring.metrics import client_address

TOO_MANY_REQUESTS = _("Too many requests: wait the number of seconds in Retry-After and try again.")
LANGUAGES = ("mn", "en")


def _setting(name: str, default: int) -> int:
    """A Django setting of that name (tests), else the environment variable, else the default."""
    value = getattr(settings, name, None)
    return int(value if value is not None else os.environ.get(name, default))


def requests_per_window() -> int:
    return _setting("COP_API_REQUESTS_PER_WINDOW", 120)


def window_seconds() -> int:
    return _setting("COP_API_WINDOW_SECONDS", 60)


def request_language(request) -> str:
    """``?lang=en|mn`` first, then the first supported language of Accept-Language, else Mongolian."""
    asked = request.GET.get("lang", "")
    if asked in LANGUAGES:
        return asked
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        base = code.split("-")[0].lower()
        if base in LANGUAGES:
            return base
    return "mn"


def _bearer(request) -> str:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else ""


def client_key(request) -> str:
    secret = _bearer(request)
    if secret:
        return "t:" + hashlib.sha256(secret.encode()).hexdigest()[:24]
    return "a:" + client_address(request)


def rate_limited(request) -> int | None:
    """None while the client is within its limit, else the seconds until its window ends."""
    key = f"api:rate:{client_key(request)}"
    now = time.time()
    window = window_seconds()
    # add() only sets absent keys: the window opens at the first request and expires with it.
    cache.add(f"{key}:start", now, window)
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr(): a new window
        cache.set(key, 1, window)
        cache.set(f"{key}:start", now, window)
        count = 1
    if count <= requests_per_window():
        return None
    started = cache.get(f"{key}:start", now)
    return max(1, int(started + window - now) + 1)


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Retry-After, Content-Language"
    return response


def _preflight() -> HttpResponse:
    response = HttpResponse(status=204)
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Authorization, Accept-Language, If-None-Match"
    response["Access-Control-Max-Age"] = "86400"
    return _cors(response)


def api_view(view):
    """Wrap one of the API's views with the shared behaviour above."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            return _preflight()
        language = request_language(request)
        with translation.override(language):
            wait = rate_limited(request)
            if wait is not None:
                response = JsonResponse({"detail": str(TOO_MANY_REQUESTS)}, status=429)
                response["Retry-After"] = str(wait)
                return _cors(response)
            # HEAD answers what GET would, headers only (the operations are declared as GET).
            head = request.method == "HEAD"
            if head:
                request.method = "GET"
            try:
                response = view(request, *args, **kwargs)
            finally:
                if head:
                    request.method = "HEAD"
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Authorization"))
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.streaming:
            response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "private" if _bearer(request) else "public, max-age=60"
            response = get_conditional_response(request, etag=response["ETag"], response=response)
            if request.method == "HEAD" and response.status_code == 200:
                response.content = b""
        return _cors(response)

    return wrapped
