"""Writes of the API's own table: creating and revoking personal tokens."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record

from . import permissions
from .models import ApiToken
from .selectors import token_hash

TOO_MANY_TOKENS = _("You already have five live tokens: revoke one you no longer use first.")
PREFIX = "cop_"


@transaction.atomic
def token_create(*, user, actor, name: str) -> tuple[ApiToken, str]:
    """A new live token for ``user`` (their own); returns it and the secret, which is never stored."""
    if actor is None or actor.pk != user.pk or not permissions.user_can_manage_tokens(actor):
        raise PermissionDenied(permissions.TOKENS_REFUSAL)
    # Lock the member's row: two clicks at once cannot pass the limit together.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= permissions.MAX_LIVE_TOKENS:
        raise ValidationError(TOO_MANY_TOKENS)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name.strip()[:80], key_hash=token_hash(secret), prefix=secret[:10])
    token.full_clean()
    token.save()
    audit_record(actor=actor, action="api_token.create", obj=token, changes={"name": token.name})
    return token, secret


@transaction.atomic
def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke the token at once (idempotent: a revoked token stays revoked at its first time)."""
    if not permissions.user_can_revoke_token(actor, token):
        raise PermissionDenied(permissions.TOKENS_REFUSAL)
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=actor, action="api_token.revoke", obj=locked)
    return locked
