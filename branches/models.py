"""The coordinators' monthly digest of quiet branch CoPs: one row per month it went out."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BranchDigest(models.Model):
    """Marks the month whose digest was sent; the unique month makes a second run a no-op."""

    month = models.DateField(_("month"), unique=True, help_text=_("The first day of the month."))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    branch_count = models.PositiveIntegerField(_("quiet branch CoPs listed"))
    recipient_count = models.PositiveIntegerField(_("coordinators told"), default=0)

    class Meta:
        verbose_name = _("monthly branch digest")
        verbose_name_plural = _("monthly branch digests")
        ordering = ["-month"]

    def __str__(self):
        return f"{self.month:%Y-%m}"
