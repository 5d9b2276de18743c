"""The references printed on certificates: random tokens (``insights.models.CertificateLink``)
that say nothing by themselves and that their holder can withdraw; the facts are re-read when
a certificate is checked. (Signed tokens carried the record's id in readable form, never
expired and could not be withdrawn; they are no longer accepted.)"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from ..models import CertificateLink
from .services import certificate_link_get_or_create


def attendance_token(*, holder, attendance_id: int) -> str:
    return certificate_link_get_or_create(
        holder=holder, kind=CertificateLink.Kind.ATTENDANCE, attendance_id=attendance_id
    )


def statement_token(*, holder, year: int) -> str:
    return certificate_link_get_or_create(holder=holder, kind=CertificateLink.Kind.STATEMENT, year=year)


def read_token(token: str) -> CertificateLink | None:
    """The live link ``token`` stands for, or None (unknown or withdrawn)."""
    if not token or len(token) > 43:
        return None
    return CertificateLink.objects.filter(token=token, revoked_at__isnull=True).first()


def verify_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('participation:verify', kwargs={'token': token})}"
