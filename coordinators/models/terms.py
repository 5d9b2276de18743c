"""Coordinator terms (from election results) and the voting reminders sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel

from .elections import Seat


class CoordinatorTerm(TimeStampedModel):
    """A member's term as coordinator on a seat; the group and staff access follow it."""

    seat = models.ForeignKey(Seat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="terms")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="coordinator_terms",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on"), help_text=_("Last day of the term; access is removed the day after.")
    )
    correction_reason = models.TextField(
        _("correction reason"),
        blank=True,
        help_text=_(
            "Terms come from election results. A technical administrator who corrects one by hand "
            "records why here."
        ),
    )

    class Meta:
        verbose_name = _("coordinator term")
        verbose_name_plural = _("coordinator terms")
        ordering = ["-starts_on", "seat__position"]
        constraints = [
            models.UniqueConstraint(fields=["seat", "member"], name="term_one_per_seat_and_member"),
            models.CheckConstraint(condition=Q(starts_on__lte=F("ends_on")), name="term_dates_in_order"),
        ]
        indexes = [models.Index(fields=["starts_on", "ends_on"], name="term_dates")]

    def __str__(self):
        return f"{self.member} — {self.seat} ({self.starts_on:%Y})"
