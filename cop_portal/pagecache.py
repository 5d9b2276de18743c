"""The cache contract: pages, feeds and fragments kept in the cache, dropped by name.

A service that changes what a cached page shows names what it changed, next to its
``audit_record``: ``invalidate("meeting:12", "feed:all")``. Each name has a version in the
cache; every cached entry remembers the versions of the names it was built from and is used
only while they are all unchanged, so a write drops exactly the pages that show it (an RSVP to
one meeting keeps every other meeting's page and the home page). The version is replaced at
once (the writer's next request sees its change even inside a long transaction) and again
after the commit (a page a reader built from the old rows meanwhile is dropped); a rolled back
write only costs a rebuild.

Names in use (the services say which they change; README "Cache contract"):

- ``meeting:<pk>``: one meeting's page (its visit's and convention's too): its fields, agenda,
  materials, minutes, seats, attendance and reports;
- ``feed:all``: every list of meetings and visits (home, /meetings/, /visits/, the calendar
  feeds, a branch's meetings), and the names of organisations and branches they show;
- ``labels``: the names of organisations and branches shown on other objects' pages (a
  meeting's, a visit's, a branch's): renamed in the admin only, so rarely dropped;
- ``seats``: the seats taken shown on /meetings/;
- ``organisation:<pk>``, ``organisation:all``: one organisation's page; the list and filters;
- ``community:<pk>``, ``community:all``: one branch page; the network and filters;
- ``insights``: the public aggregates and the coordinators' sections;
- ``results``: the gender results a visitor sees (/results/, an organisation's results page):
  accepted audits and awards (an action drops its convention's or visit's page instead);
- ``member:<pk>``: one member's private calendar feed and participation record;
- ``actions``, ``audits``: the signed-in lists of actions and audits (/actions/, results pages);
- ``proposals``: the signed-in list of proposals and the participation records;
- ``people``: people's names on signed-in lists (the directory, owners of actions);
- ``election:<year>``: one election (its pages are not cached yet; its votes drop nothing else).

Cached things declare what they depend on: a whole page by its ``CACHED_PAGES`` entry (names
from the URL) plus :func:`depends` calls made while it renders (names learnt from the rows,
such as the meeting's organisation); a fragment or document by :func:`cached`. The audience
is part of every key: whole pages are kept for visitors only (``anonymous``: a request with a
session or a messages cookie is never looked up nor stored); fragments state theirs
(``public`` means built from what the selectors return to a visitor, so it may be shown to
anyone). Entries also expire after ``COP_PAGE_CACHE_SECONDS`` (default 60), which bounds how
long a page lags behind the clock (a meeting moving from "upcoming" to "past"). While Redis is
unreachable nothing is cached. The CSRF token of the language switch is punched out before
storing and filled in for each visitor.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import struct
import uuid
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from functools import partial
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.translation import get_language


def _pk(name: str) -> Callable[[dict], tuple[str, ...]]:
    return lambda kwargs: (f"{name}:{kwargs['pk']}",)


def _fixed(*names: str) -> Callable[[dict], tuple[str, ...]]:
    return lambda kwargs: names


# Whole pages kept for visitors, by URL name: the names each depends on, from the URL's
# arguments (the view adds what it learns from the rows with ``depends``).
CACHED_PAGES: dict[str, Callable[[dict], tuple[str, ...]]] = {
    "home": _fixed("feed:all"),
    "meetings:meeting-list": _fixed("feed:all", "seats"),
    "meetings:meeting-detail": _pk("meeting"),
    "meetings:visit-list": _fixed("feed:all"),
    "meetings:visit-detail": _fixed("labels"),
    "meetings:convention-detail": _fixed("feed:all"),
    "members:organisation-list": _fixed("organisation:all"),
    "members:organisation-detail": _fixed(),
    "branches:community-list": _fixed("community:all"),
    "branches:community-detail": _fixed("feed:all", "labels"),
    "insights:public": _fixed("insights"),
    "results:network": _fixed("results"),
    "results:organisation-results": _fixed("results", "labels"),
}
CACHED_VIEWS = frozenset(CACHED_PAGES)
TAG_PREFIX = "pagecache:tag:"
# Every entry also depends on this name: ``invalidate_all`` drops everything at once.
EVERYTHING = "*"
CSRF_HOLE = b"__cop_page_cache_csrf__"
CSRF_VALUE = re.compile(rb'(name="csrfmiddlewaretoken" value=")([^"]+)(")')
MIN_GZIP_BYTES = 1024

# The names (and their versions) what is being built depends on; None outside a build.
_building: ContextVar[dict[str, str] | None] = ContextVar("pagecache_building", default=None)


def _ttl() -> int:
    return getattr(settings, "COP_PAGE_CACHE_SECONDS", 60)


def _shared_ok() -> bool:
    check = getattr(cache, "shared_ok", None)
    return check() if check else True


def versions(names: Iterable[str]) -> dict[str, str]:
    """The current version of each name (and of ``EVERYTHING``). While Redis is down they are
    new on every call: no process trusts its own copy, which another process could not drop."""
    wanted = sorted({*names, EVERYTHING})
    if not _shared_ok():
        return {name: uuid.uuid4().hex for name in wanted}
    keys = {TAG_PREFIX + name: name for name in wanted}
    found = cache.get_many(list(keys))
    missing = [key for key in keys if key not in found]
    if missing:
        # add(): of two readers meeting a new name, the first one's version holds for both.
        for key in missing:
            cache.add(key, uuid.uuid4().hex, None)
        found.update(cache.get_many(missing))
    return {name: found.get(key) or uuid.uuid4().hex for key, name in keys.items()}


def _bump(names: tuple[str, ...]) -> None:
    cache.set_many({TAG_PREFIX + name: uuid.uuid4().hex for name in names}, None)


def invalidate(*names: str) -> None:
    """Drop every cached page, feed and fragment built from these names' data: now, and
    again when the current transaction commits (called by services next to audit_record)."""
    names = tuple(dict.fromkeys(n for n in names if n))
    if not names:
        return
    _bump(names)
    transaction.on_commit(partial(_bump, names))


def invalidate_all() -> None:
    """Drop everything cached (tests, a deploy that changes templates)."""
    _bump((EVERYTHING,))


def depends(*names: str) -> None:
    """Declare that what is being built (a page, a fragment) shows these names' data.
    Call it before reading the rows when the names are known, else right after."""
    building = _building.get()
    if building is None:
        return
    new = [n for n in names if n not in building]
    if new:
        for name, value in versions(new).items():
            building.setdefault(name, value)


def _note(built: dict[str, str]) -> None:
    """A fragment used by an enclosing build: the enclosing entry depends on what it showed,
    at the versions it was built from."""
    building = _building.get()
    if building is not None:
        for name, value in built.items():
            building.setdefault(name, value)


@contextlib.contextmanager
def _collecting(names: Iterable[str] = ()) -> Iterator[dict[str, str]]:
    built: dict[str, str] = {}
    token = _building.set(built)
    try:
        depends(EVERYTHING, *names)
        yield built
    finally:
        _building.reset(token)


def _fresh(built: dict[str, str]) -> bool:
    return versions(built) == built


def cached(key: str, *, names: Iterable[str], audience: str, build: Callable[[], Any], timeout: int) -> Any:
    """``build()``, kept under ``key`` for ``audience`` and the language until one of
    ``names`` (or a name ``build`` declares with :func:`depends`) is invalidated."""
    names = tuple(names)
    if not _shared_ok():
        depends(*names)
        return build()
    full = f"frag:{audience}:{get_language()}:{key}"
    # The entry and the versions of the names it was built from, in one round trip: the names
    # are those declared plus those this process last saw it built from.
    wanted = sorted({*names, EVERYTHING, *_seen_names.get(full, ())})
    found = cache.get_many([full, *(TAG_PREFIX + name for name in wanted)])
    entry = found.get(full)
    if entry is not None:
        built = entry[0]
        current = {name: found.get(TAG_PREFIX + name) for name in built}
        fresh = current == built if None not in current.values() else _fresh(built)
        if fresh:
            _remember_names(full, built)
            _note(built)
            return entry[1]
    with _collecting(names) as built:
        value = build()
    cache.set(full, (built, value), timeout)
    _remember_names(full, built)
    _note(built)
    return value


# Per process: the names each fragment was last built from (see ``cached``). Bounded: a full
# table is emptied, which costs each fragment one more round trip on its next use.
_seen_names: dict[str, tuple[str, ...]] = {}
_SEEN_MAX = 2048


def _remember_names(full: str, built: dict[str, str]) -> None:
    names = tuple(sorted(built))
    if _seen_names.get(full) != names:
        if len(_seen_names) >= _SEEN_MAX:
            _seen_names.clear()
        _seen_names[full] = names


class InvalidatesPagesAdmin:
    """For a ``ModelAdmin`` whose change form writes rows shown on cached pages without a
    service (plain fields, inlines, deletions): ``page_names(obj)`` says which names each
    saved or deleted row drops. Admin actions call services, which invalidate themselves."""

    def page_names(self, obj) -> Iterable[str]:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidate(*self.page_names(obj))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        invalidate(*self.page_names(form.instance))

    def delete_model(self, request, obj):
        names = tuple(self.page_names(obj))
        super().delete_model(request, obj)
        invalidate(*names)

    def delete_queryset(self, request, queryset):
        names = [name for obj in queryset for name in self.page_names(obj)]
        super().delete_queryset(request, queryset)
        invalidate(*names)


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
        built = request._page_cache_built
        _building.reset(request._page_cache_token)
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
            cache.set(key, (built, (headers, parts, [_deflate(p) for p in parts], etag)), _ttl())
            response["ETag"] = etag
            response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not _is_visitor(request):
            return None
        match = request.resolver_match
        if match is None or match.view_name not in CACHED_PAGES or not _shared_ok():
            return None
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        key = f"page:anonymous:{request.LANGUAGE_CODE}:{path}"
        request._page_cache_key = key
        hit = cache.get(key)
        if hit is not None and _fresh(hit[0]):
            return self._answer(request, *hit[1])
        # The URL's names are read before the view reads any row (see ``invalidate``).
        built: dict[str, str] = {}
        request._page_cache_built = built
        request._page_cache_token = _building.set(built)
        depends(EVERYTHING, *CACHED_PAGES[match.view_name](view_kwargs))
        return None

    def _answer(self, request, headers, parts, deflated, etag):
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
