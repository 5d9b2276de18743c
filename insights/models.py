"""The verification links printed on certificates: opaque, and revocable by their holder."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_link_token() -> str:
    """128 random bits: the link says nothing about the person or the certificate."""
    return secrets.token_urlsafe(16)


class CertificateLink(models.Model):
    """One certificate's public check (``/verify/<token>/``): which certificate the random token
    stands for; the facts are re-read from the records when it is opened. The holder can
    withdraw every link of theirs at once (new ones are made with the next download)."""

    class Kind(models.TextChoices):
        ATTENDANCE = "attendance", _("Certificate of attendance")
        STATEMENT = "statement", _("Yearly participation statement")

    token = models.CharField(_("token"), max_length=43, unique=True, default=new_link_token, editable=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("holder"),
        on_delete=models.CASCADE,
        related_name="certificate_links",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    attendance_id = models.PositiveBigIntegerField(_("attendance"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("certificate link")
        verbose_name_plural = _("certificate links")
        default_permissions = ()
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="attendance") & Q(attendance_id__isnull=False))
                | (Q(kind="statement") & Q(year__isnull=False)),
                name="certificate_link_names_its_certificate",
            ),
            models.UniqueConstraint(
                fields=["holder", "kind", "attendance_id", "year"],
                condition=Q(revoked_at__isnull=True),
                name="certificate_link_one_live_per_certificate",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.holder_id}"
