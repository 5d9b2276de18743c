"""Documents built once and served many times: cached gzip-compressed in Redis, answered
with 304 to conditional GETs (ETag and Last-Modified), sent compressed to clients that
accept it. Used by the calendar feeds, which calendar apps poll all day.

Each document names what it shows (``cop_portal.pagecache``: ``feed:all``, ``community:<pk>``,
``member:<pk>``) and is kept until a service invalidates one of those names, so a feed changes
on the next poll after an edit; entries also expire after ``COP_FEED_CACHE_SECONDS`` (default
900). A 304 reads two cache entries and touches no table.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from . import pagecache

STAMP = re.compile(rb"^DTSTAMP:[^\r\n]*\r?\n", re.MULTILINE)


def cached_document(
    request,
    *,
    name: str,
    names: tuple[str, ...],
    audience: str,
    build: Callable[[], tuple[bytes, datetime | None]],
    content_type: str,
    cache_control: str,
    filename: str = "",
) -> HttpResponse:
    """``build()`` returns (body, last modified); ``name`` tells documents apart (include
    anything the body depends on besides the data, such as a user id); ``names`` are the
    cache names it shows, ``audience`` who may be given it."""

    def packed_build():
        body, modified = build()
        # iCalendar's DTSTAMP is the build time: left out, a rebuild of unchanged data keeps
        # its ETag and calendar apps keep getting 304.
        etag = '"' + hashlib.sha256(STAMP.sub(b"", body)).hexdigest()[:32] + '"'
        # Whole seconds: HTTP dates have no fractions, so If-Modified-Since compares equal.
        return (etag, int(modified.timestamp()) if modified else None, gzip.compress(body, 6))

    etag, modified_ts, packed = pagecache.cached(
        f"doc:{name}",
        names=names,
        audience=audience,
        build=packed_build,
        timeout=getattr(settings, "COP_FEED_CACHE_SECONDS", 900),
    )
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
