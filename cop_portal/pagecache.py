"""Anonymous page cache: whole public pages kept in Redis per language, gzip-compressed.

Only visitors are served from it: a request carrying a session or a messages cookie is never
looked up nor stored, so a signed-in page never comes from (or goes into) this cache. Keys
hold a version that every write to the data the pages show replaces (``post_save``,
``post_delete`` and ``m2m_changed`` of the project's apps, at once and again after the commit), so
an edit shows on the next request. Entries also expire after ``COP_PAGE_CACHE_SECONDS``
(default 60), which bounds how long a page lags behind the clock (a meeting moving from
"upcoming" to "past", registration closing at the start). While Redis is unreachable
nothing is cached. The CSRF token of the language switch is punched out before storing and
filled in for each visitor. Pages are cached by URL name (``CACHED_VIEWS``).
"""

from __future__ import annotations

import hashlib
import re
import struct
import uuid
import zlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_vary_headers

CACHED_VIEWS = frozenset(
    {
        "home",
        "meetings:meeting-list",
        "meetings:meeting-detail",
        "meetings:visit-list",
        "meetings:visit-detail",
        "meetings:convention-detail",
        "members:organisation-list",
        "members:organisation-detail",
        "branches:community-list",
        "branches:community-detail",
        "insights:public",
    }
)
# Rows written often that no cached page shows: their writes keep the cache.
IGNORED_MODELS = frozenset({"meetings.delivery", "meetings.meetingdeliverysummary"})
WATCHED_APPS = frozenset(
    {"members", "meetings", "proposals", "feedback", "branches", "coordinators", "insights"}
)
VERSION_KEY = "pagecache:version"
CSRF_HOLE = b"__cop_page_cache_csrf__"
CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
MIN_GZIP_BYTES = 1024


def _ttl() -> int:
    return getattr(settings, "COP_PAGE_CACHE_SECONDS", 60)


def _shared_ok() -> bool:
    check = getattr(cache, "shared_ok", None)
    return check() if check else True


def version() -> str:
    """The current data version, for cache keys of anything derived from the data. While
    Redis is down it is new on every call: no process trusts its own stale copy."""
    if not _shared_ok():
        return uuid.uuid4().hex
    current = cache.get(VERSION_KEY)
    if current is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        current = cache.get(VERSION_KEY) or "none"
    return current


def bump() -> None:
    """Make every cached page stale (called after a commit that changed what pages show)."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def _changed(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in WATCHED_APPS or meta.label_lower in IGNORED_MODELS:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login"}:
        return  # signing in changes no page
    # Now, so the writer's next request sees its change even inside a long transaction; and
    # after the commit, so a page a reader rendered from the old rows meanwhile is dropped.
    bump()
    transaction.on_commit(bump)


def connect_signals() -> None:
    post_save.connect(_changed, dispatch_uid="cop-pagecache-save")
    post_delete.connect(_changed, dispatch_uid="cop-pagecache-delete")
    m2m_changed.connect(_changed, dispatch_uid="cop-pagecache-m2m")


def _is_visitor(request) -> bool:
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _accepts_gzip(request) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def _deflate(data: bytes) -> bytes:
    """Raw deflate blocks of ``data``, byte-aligned and not final, so they can be chained."""
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)


GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
FINAL_EMPTY_BLOCK = b"\x03\x00"


def _gzip_joined(parts: list[bytes], deflated: list[bytes], token: bytes) -> bytes:
    """One gzip member of ``token.join(parts)`` from the parts compressed once at store time:
    only the visitor's CSRF token is compressed per request (RFC 1951 blocks chain)."""
    crc, out = 0, [GZIP_HEADER]
    token_deflated = _deflate(token) if token else b""
    for i, (part, packed) in enumerate(zip(parts, deflated, strict=True)):
        if i:
            out.append(token_deflated)
            crc = zlib.crc32(token, crc)
        out.append(packed)
        crc = zlib.crc32(part, crc)
    size = sum(map(len, parts)) + len(token) * (len(parts) - 1)
    out += [FINAL_EMPTY_BLOCK, struct.pack("<II", crc, size & 0xFFFFFFFF)]
    return b"".join(out)


class AnonymousPageCacheMiddleware:
    """After authentication and the language; before messages (see settings.MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key is None or getattr(request, "_page_cache_hit", False):
            return response
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        ):
            body = CSRF_VALUE.sub(rb"\1" + CSRF_HOLE + rb"\3", response.content)
            headers = {
                k: v
                for k, v in response.items()
                if k.lower() not in ("set-cookie", "vary", "content-length", "x-page-cache")
            }
            etag = '"p' + hashlib.sha256(body).hexdigest()[:32] + '"'
            parts = body.split(CSRF_HOLE)
            cache.set(key, (headers, parts, [_deflate(p) for p in parts], etag), _ttl())
            response["ETag"] = etag
            response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not _is_visitor(request):
            return None
        match = request.resolver_match
        if match is None or match.view_name not in CACHED_VIEWS or not _shared_ok():
            return None
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"page:{version()}:{request.LANGUAGE_CODE}:{path}"
        request._page_cache_key = key
        hit = cache.get(key)
        if hit is None:
            return None
        headers, parts, deflated, etag = hit
        request._page_cache_hit = True
        # The visitor's copy carries their own CSRF token, still valid: 304 is safe.
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            not_modified["ETag"] = etag
            not_modified["X-Page-Cache"] = "hit"
            return not_modified
        token = get_token(request).encode() if len(parts) > 1 else b""
        if _accepts_gzip(request) and sum(map(len, parts)) >= MIN_GZIP_BYTES:
            response = HttpResponse(_gzip_joined(parts, deflated, token))
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(token.join(parts))
        for k, v in headers.items():
            response[k] = v
        patch_vary_headers(response, ("Accept-Encoding",))
        response["ETag"] = etag
        response["X-Page-Cache"] = "hit"
        return response
