"""The signed link in a request for feedback: names one meeting and one person."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "cop.feedback"
# The link works while the form is open and the answer editable.
MAX_AGE = dt.timedelta(days=30)


def feedback_token(meeting_id: int, user_id: int) -> str:
    return signing.dumps({"m": meeting_id, "u": user_id}, salt=SALT, compress=True)


def read_feedback_token(token: str) -> tuple[int, int]:
    """Return (meeting id, user id); raise ``signing.BadSignature`` (or its subclass for
    an expired link) when forged, altered or too old."""
    data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    if not isinstance(data, dict):
        raise signing.BadSignature("malformed feedback token")
    return int(data["m"]), int(data["u"])


def feedback_url(meeting_id: int, user_id: int) -> str:
    path = reverse("feedback:feedback-link", kwargs={"token": feedback_token(meeting_id, user_id)})
    return f"{settings.SITE_URL}{path}"
