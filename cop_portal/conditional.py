"""Documents built once and served many times: cached gzip-compressed in Redis, answered
with 304 to conditional GETs (ETag and Last-Modified), sent compressed to clients that
accept it. Used by the calendar feeds, which calendar apps poll all day.

The cache key holds the page-cache version (see ``cop_portal.pagecache``), which every
write to the data replaces, so a feed changes on the next poll after an edit; entries also
expire after ``COP_FEED_CACHE_SECONDS`` (default 900). A 304 reads two cache keys and
touches no table.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from . import pagecache

STAMP = re.compile(rb"^DTSTAMP:[^\r\n]*\r?\n", re.MULTILINE)


def cached_document(
    request,
    *,
    name: str,
    build: Callable[[], tuple[bytes, datetime | None]],
    content_type: str,
    cache_control: str,
    filename: str = "",
) -> HttpResponse:
    """``build()`` returns (body, last modified); ``name`` tells documents apart (include
    anything the body depends on besides the data, such as a user id)."""
    key = f"doc:{pagecache.version()}:{get_language()}:{name}"
    entry = cache.get(key) if pagecache._shared_ok() else None
    if entry is None:
        body, modified = build()
        # iCalendar's DTSTAMP is the build time: left out, a rebuild of unchanged data keeps
        # its ETag and calendar apps keep getting 304.
        etag = '"' + hashlib.sha256(STAMP.sub(b"", body)).hexdigest()[:32] + '"'
        # Whole seconds: HTTP dates have no fractions, so If-Modified-Since compares equal.
        entry = (etag, int(modified.timestamp()) if modified else None, gzip.compress(body, 6))
        cache.set(key, entry, getattr(settings, "COP_FEED_CACHE_SECONDS", 900))
    etag, modified_ts, packed = entry
    response = get_conditional_response(request, etag=etag, last_modified=modified_ts)
    if response is None:
        if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
            response = HttpResponse(packed, content_type=content_type)
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(gzip.decompress(packed), content_type=content_type)
        if filename:
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["ETag"] = etag
    if modified_ts:
        response["Last-Modified"] = http_date(modified_ts)
    response["Cache-Control"] = cache_control
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
