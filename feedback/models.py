"""Feedback after a meeting: one answer per person present, editable for a while."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel
from meetings.models import Meeting
from members.models import Level, User
from proposals.models import Proposal


class Feedback(TimeStampedModel):
    """A two-minute form. Gender and level are copied when it is given, so that group
    averages stay true when people later change organisation."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="feedback"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_feedback",
    )
    usefulness = models.PositiveSmallIntegerField(
        _("usefulness (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    what_worked = models.TextField(_("what worked"), blank=True, max_length=2000)
    what_to_change = models.TextField(_("what to change"), blank=True, max_length=2000)
    topics_wanted = models.TextField(_("topics wanted next"), blank=True, max_length=2000)
    gender = models.CharField(_("gender"), max_length=12, choices=User.Gender.choices, blank=True)
    level = models.CharField(_("level of government"), max_length=20, choices=Level.choices, blank=True)
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal made from the topics"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["meeting", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="feedback_one_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(usefulness__gte=1) & models.Q(usefulness__lte=5),
                name="feedback_usefulness_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.meeting}"
