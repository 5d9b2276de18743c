"""Addresses that bounce: a permanent SMTP refusal (5xx) stops every e-mail to the address but
account e-mail, until its owner changes or confirms it again or a coordinator clears it.

Temporary refusals (4xx) are not bounces: the sender retries them with backoff (``sending``).
"""

from __future__ import annotations

import smtplib

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from cop_portal.audit import audit_record

from ..models import BouncingAddress, Delivery
from ..signals import address_bounced, address_cleared
from .queueing import _kick_sender

PARKED_NOTE = "held: the mail server refused this address permanently"


def permanent_refusal(exc: Exception) -> int | None:
    """The SMTP code when ``exc`` is a permanent refusal of the recipient or its message (5xx);
    ``None`` for a temporary one, a refused sender (our side) or any other failure."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        return min(codes) if codes and all(500 <= code < 600 for code in codes) else None
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return None
    code = getattr(exc, "smtp_code", None)
    return code if isinstance(code, int) and 500 <= code < 600 else None


def bouncing_among(addresses) -> set[str]:
    """The addresses (any case) of ``addresses`` that bounce, in lower case: one query."""
    wanted = {a.strip().lower() for a in addresses if a}
    if not wanted:
        return set()
    return set(BouncingAddress.objects.filter(email__in=wanted).values_list("email", flat=True))


@transaction.atomic
def address_bounce_record(
    *, email: str, user_id: int | None, code: int, reason: str, now=None
) -> BouncingAddress:
    """Record a permanent refusal of ``email`` (again: counts it); the member is told on their
    next visit (``address_bounced``)."""
    now = now or timezone.now()
    email = email.strip().lower()
    row, created = BouncingAddress.objects.select_for_update().get_or_create(
        email=email, defaults={"user_id": user_id, "code": code, "reason": reason[:2000], "bounced_at": now}
    )
    if not created:
        BouncingAddress.objects.filter(pk=row.pk).update(
            user_id=user_id or row.user_id,
            code=code,
            reason=reason[:2000],
            bounced_at=now,
            refusals=F("refusals") + 1,
        )
    audit_record(actor=None, action="address.bounce", obj=row, changes={"code": code, "reason": reason[:300]})
    address_bounced.send(sender=BouncingAddress, user_id=user_id, email=email, at=now)
    return row


@transaction.atomic
def address_bounce_clear(*, email: str, user_id: int | None = None, actor) -> int:
    """The address works again (changed, confirmed, or a coordinator says so): forget the
    refusal and put the member's held e-mails back in the queue. Returns how many."""
    email = email.strip().lower()
    rows = list(BouncingAddress.objects.select_for_update().filter(email=email))
    user_ids = {r.user_id for r in rows if r.user_id} | ({user_id} if user_id else set())
    released = Delivery.objects.filter(user_id__in=user_ids, status=Delivery.Status.PARKED).update(
        status=Delivery.Status.PENDING, next_attempt_at=timezone.now(), attempts=0, last_error=""
    )
    for row in rows:
        audit_record(actor=actor, action="address.clear", obj=row, changes={"released": released})
        row.delete()
    for uid in user_ids:
        address_cleared.send(sender=BouncingAddress, user_id=uid, email=email)
    if released:
        transaction.on_commit(_kick_sender)
    return released


def address_bounce_forget(*, user_id: int, email: str) -> None:
    """An erased account: its refused address is personal data like any other."""
    BouncingAddress.objects.filter(Q(user_id=user_id) | Q(email=email.strip().lower())).delete()
