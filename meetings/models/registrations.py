"""Registrations (RSVPs and the waitlist) and attendance."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel, actor_field
from members.models import Organisation, User

from .meetings import Meeting


class Registration(TimeStampedModel):
    """A member's RSVP: confirmed seat, place on the waitlist, or cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="meeting_registrations",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    # First come, first served: the waitlist is ordered by (queued_at, id).
    queued_at = models.DateTimeField(_("registered or queued at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    promoted_at = models.DateTimeField(
        _("promoted from the waitlist at"),
        null=True,
        blank=True,
        help_text=_("Set when a freed seat went to them."),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["meeting", "queued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="registration_one_per_member"),
        ]
        indexes = [models.Index(fields=["meeting", "status", "queued_at"], name="registration_queue")]

    def __str__(self):
        return f"{self.user} — {self.meeting} ({self.get_status_display()})"


class Attendance(TimeStampedModel):
    """Who actually came. Gender and organisation are copied at recording time so that
    participation counts stay true when people later change organisation."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_attendances",
        help_text=_("Blank for a walk-in without an account."),
    )
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attendance",
    )
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_attendances",
    )
    gender = models.CharField(_("gender"), max_length=12, choices=User.Gender.choices, blank=True)
    is_walk_in = models.BooleanField(_("walk-in"), default=False, help_text=_("Came without a registration."))
    joined_online = models.BooleanField(_("joined online"), default=False)
    recorded_by = actor_field(_("recorded by"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(user__isnull=False),
                name="attendance_one_per_member",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(full_name=""),
                name="attendance_names_someone",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "organisation"], name="attendance_meeting_org")]

    def __str__(self):
        return f"{self.full_name or self.user} — {self.meeting}"
