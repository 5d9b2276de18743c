"""Signed references printed on certificates: the facts are re-read when checked."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "cop.certificate"


def attendance_token(attendance_id: int) -> str:
    return signing.dumps({"k": "a", "id": attendance_id}, salt=SALT, compress=True)


def statement_token(user_id: int, year: int) -> str:
    return signing.dumps({"k": "y", "id": user_id, "y": year}, salt=SALT, compress=True)


def read_token(token: str) -> dict:
    """The signed payload; raises ``signing.BadSignature`` when forged or altered."""
    data = signing.loads(token, salt=SALT)
    if not isinstance(data, dict) or data.get("k") not in ("a", "y"):
        raise signing.BadSignature("unknown certificate")
    return data


def verify_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('participation:verify', kwargs={'token': token})}"
