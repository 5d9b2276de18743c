"""The writes of the participation record: the verification links printed on certificates."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import CertificateLink


def certificate_link_get_or_create(
    *, holder, kind: str, attendance_id: int | None = None, year: int | None = None
) -> str:
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


@transaction.atomic
def certificate_links_revoke(*, holder) -> int:
    """The holder withdraws every verification link of theirs: printed copies stop checking
    out; the next download prints a new link. Returns how many."""
    return CertificateLink.objects.filter(holder=holder, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
