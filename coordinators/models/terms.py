"""Coordinator terms (from election results) and the voting reminders sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel

from .elections import Election, Seat


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


class ReminderDelivery(models.Model):
    """The one voting reminder a member gets per voting round of an election (the unique
    row makes it once; a run-off is a new round with its own reminder)."""

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    round = models.PositiveSmallIntegerField(_("voting round"), default=1, editable=False)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("voting reminder")
        verbose_name_plural = _("voting reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "round", "member"], name="reminder_once_per_election_round_member"
            ),
        ]

    def __str__(self):
        return f"{self.election} → {self.member}"
