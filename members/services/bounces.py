"""The member's side of a bouncing address: the notice on every page, and clearing it.

The outbox (``notices``) records the refusal and holds the e-mails; it tells this app through
its signals, and this app tells it when the member changes or confirms their address again.
"""

from __future__ import annotations

from django.db import transaction

from cop_portal.pagecache import invalidate
from notices.services.bounces import address_bounce_clear

from ..models import User


def user_email_bounce_mark(*, user_id: int | None, at, **kwargs) -> None:
    """``notices.signals.address_bounced``: the member sees the notice from their next page on."""
    if user_id:
        User.objects.filter(pk=user_id, email_bounced_at__isnull=True).update(email_bounced_at=at)


def user_email_bounce_unmark(*, user_id: int | None, **kwargs) -> None:
    """``notices.signals.address_cleared``."""
    if user_id:
        User.objects.filter(pk=user_id).update(email_bounced_at=None)


@transaction.atomic
def user_email_fixed(*, user: User, email: str, actor) -> int:
    """The member changed their address or confirmed it again: it is no longer held as
    bouncing and their held e-mails go out. Returns how many were released. The directory and
    their own pages show the address: they are built again."""
    invalidate("people", f"member:{user.pk}")
    return address_bounce_clear(email=email, user_id=user.pk, actor=actor)


def on_email_confirmed(request=None, email_address=None, **kwargs) -> None:
    """allauth: the member proved the address receives mail (a confirmation link was opened)."""
    if email_address is not None and email_address.user_id:
        user = User.objects.get(pk=email_address.user_id)
        user_email_fixed(user=user, email=email_address.email, actor=user)


def on_email_changed(
    request=None, user=None, from_email_address=None, to_email_address=None, **kwargs
) -> None:
    """allauth: the member replaced the address; the old one's refusal no longer concerns them."""
    if user is not None and from_email_address is not None:
        user_email_fixed(user=user, email=from_email_address.email, actor=user)
