"""Invitations: a person whose account someone else created chooses their own password."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.urls import reverse

from ..models import User
from ._mail import queue


def invitation_url(user: User) -> str:
    """allauth's set-password link: expires after PASSWORD_RESET_TIMEOUT, void once a password is set."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return f"{settings.SITE_URL}{path}"


def member_invite(*, user: User) -> None:
    """Queue the invitation e-mail in the person's language, sent once the transaction commits."""
    queue(
        "members/emails/invitation",
        user_id=user.pk,
        context={
            "url": invitation_url(user),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            "login_url": f"{settings.SITE_URL}{reverse('account_login')}",
        },
        kind=None,
    )
