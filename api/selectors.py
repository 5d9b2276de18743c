"""Reads of the API's own table: a member's tokens, and the member a bearer secret names."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet

from .models import ApiToken


def token_hash(secret: str) -> str:
    """Secrets are 256 random bits: one SHA-256 suffices (no salt or slow hash to brute-force)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def token_list_for_user(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_get_for_user(*, user, pk: int) -> ApiToken | None:
    return ApiToken.objects.filter(user=user, pk=pk).first()


def token_user(*, secret: str):
    """The active, approved member a live token belongs to, or None (one query)."""
    if not secret:
        return None
    token = (
        ApiToken.objects.filter(key_hash=token_hash(secret), revoked_at__isnull=True)
        .select_related("user")
        .first()
    )
    if token is None or not token.user.is_active or not token.user.is_member:
        return None
    return token.user
