"""Who may do what with the open-data API, asked by its views, pages and services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from members.permissions import user_is_member

TOKENS_REFUSAL = _("Personal API tokens are for approved members.")
MAX_LIVE_TOKENS = 5


def user_can_manage_tokens(user) -> bool:
    """Approved members create and revoke their own tokens (applicants have nothing to read)."""
    return user_is_member(user)


def user_can_revoke_token(user, token) -> bool:
    return token is not None and user_can_manage_tokens(user) and token.user_id == user.pk
