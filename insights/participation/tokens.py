"""The references printed on certificates: random tokens (``insights.models.CertificateLink``)
that say nothing by themselves and that their holder can withdraw; the facts are re-read when
a certificate is checked. (Signed tokens carried the record's id in readable form, never
expired and could not be withdrawn; they are no longer accepted.)"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from ..models import CertificateLink


def _link(*, holder, kind: str, attendance_id: int | None = None, year: int | None = None) -> str:
    """The live link of this certificate, made on first download. A race makes one row (the
    partial unique constraint); the loser reads it."""
    lookup = {"holder": holder, "kind": kind, "attendance_id": attendance_id, "year": year}
    live = CertificateLink.objects.filter(**lookup, revoked_at__isnull=True).first()
    if live is not None:
        return live.token
    try:
        with transaction.atomic():
            return CertificateLink.objects.create(**lookup).token
    except IntegrityError:
        return CertificateLink.objects.get(**lookup, revoked_at__isnull=True).token


def attendance_token(*, holder, attendance_id: int) -> str:
    return _link(holder=holder, kind=CertificateLink.Kind.ATTENDANCE, attendance_id=attendance_id)


def statement_token(*, holder, year: int) -> str:
    return _link(holder=holder, kind=CertificateLink.Kind.STATEMENT, year=year)


def read_token(token: str) -> CertificateLink | None:
    """The live link ``token`` stands for, or None (unknown or withdrawn)."""
    if not token or len(token) > 43:
        return None
    return CertificateLink.objects.filter(token=token, revoked_at__isnull=True).first()


@transaction.atomic
def certificate_links_revoke(*, holder) -> int:
    """The holder withdraws every verification link of theirs: printed copies stop checking
    out; the next download prints a new link. Returns how many."""
    return CertificateLink.objects.filter(holder=holder, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def verify_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('participation:verify', kwargs={'token': token})}"
