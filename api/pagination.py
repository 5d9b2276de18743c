"""Cursor pagination: every list in id order; ``next`` carries an opaque cursor (the last id
seen), so pages stay stable while rows are added, and deep pages cost what the first costs."""

from __future__ import annotations

import base64
import binascii
import json

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from ninja.errors import HttpError

BAD_CURSOR = _("This cursor is not one the API gave: start again without it.")
DEFAULT_LIMIT = 50
MAX_LIMIT = 100


def encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps({"after": last_id}).encode()).decode().rstrip("=")


def decode(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        after = json.loads(raw)["after"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise HttpError(400, str(BAD_CURSOR)) from None
    if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after < 2**63:
        raise HttpError(400, str(BAD_CURSOR))
    return after


def paginate(
    request, qs, *, cursor: str | None, limit: int, selective: bool = False
) -> tuple[list, str | None]:
    """One page of ``qs`` (re-ordered by id) and the absolute URL of the next one, or None.

    ``selective``: the filter is a search that its own indexes answer (the library's full text
    and trigrams); ordering by an expression of the id keeps PostgreSQL from walking the id
    index and testing the search on every row, so it finds the matches first and sorts those."""
    qs = qs.order_by(F("pk") + 0 if selective else "pk")
    if cursor:
        qs = qs.filter(pk__gt=decode(cursor))
    rows = list(qs[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    params = request.GET.copy()
    params["cursor"] = encode(rows[-1].pk)
    return rows, request.build_absolute_uri(request.path + "?" + params.urlencode())
