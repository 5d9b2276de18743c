"""One row per e-mail the reminders (``meetings.reminders``) send: the database, not the
broker, says what went out."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel

from .meetings import Meeting


class Delivery(TimeStampedModel):
    """A reminder or notice for one member about one meeting, sent at most once per key.

    ``key`` tells two e-mails of the same kind apart: a reminder's key names its offset and
    the meeting's start time, so moving a meeting makes new rows instead of being blocked by
    the old ones, and the old ones are skipped because their start time no longer matches.
    """

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Reminder before the meeting")
        CONFIRMED = "confirmed", _("Registration confirmed")
        PROMOTED = "promoted", _("Promoted from the waitlist")
        CHANGED = "changed", _("Meeting changed")
        CANCELLED = "cancelled", _("Meeting cancelled")
        MINUTES = "minutes", _("Reminder to upload minutes")
        FEEDBACK = "feedback", _("Request for feedback after the meeting")
        ANNOUNCED = "announced", _("New meeting of a followed branch")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    # Which preference (cop_portal.emails.KINDS) governs each kind of delivery.
    EMAIL_KINDS = {
        Kind.REMINDER: "meeting_reminder",
        Kind.CONFIRMED: "meeting_notice",
        Kind.PROMOTED: "meeting_notice",
        Kind.CHANGED: "meeting_notice",
        Kind.CANCELLED: "meeting_notice",
        Kind.MINUTES: "minutes_reminder",
        Kind.FEEDBACK: "feedback",
        Kind.ANNOUNCED: "branch_announcement",
    }

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="deliveries"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="meeting_deliveries",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    key = models.CharField(
        _("key"),
        max_length=80,
        blank=True,
        help_text=_("Tells apart e-mails of the same kind, e.g. the offset and start time of a reminder."),
    )
    offset_hours = models.PositiveIntegerField(_("hours before the start"), null=True, blank=True)
    meeting_starts_at = models.DateTimeField(
        _("meeting start when queued"),
        help_text=_("A reminder whose meeting has moved since it was queued is skipped, not sent."),
    )
    meeting_sequence = models.PositiveIntegerField(_("calendar revision when queued"), default=0)
    context = models.JSONField(_("extra content"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    due_at = models.DateTimeField(_("due at"))
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    claim_token = models.UUIDField(
        _("claim"), null=True, blank=True, help_text=_("Identifies the batch of the worker sending it.")
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    handed_over_at = models.DateTimeField(
        _("handed to the mail server at"),
        null=True,
        blank=True,
        help_text=_("Set just before sending; a crash after it leaves the outcome unknown."),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("e-mail delivery")
        verbose_name_plural = _("e-mail deliveries")
        ordering = ["-due_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user", "kind", "key"], name="delivery_once_per_key"),
            models.CheckConstraint(
                condition=~models.Q(status="sending") | models.Q(claim_token__isnull=False),
                name="delivery_sending_is_claimed",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="delivery_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["meeting", "status"], name="delivery_meeting_status"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.user} — {self.meeting}"

    @property
    def email_kind(self) -> str:
        return self.EMAIL_KINDS[self.kind]


class MeetingDeliverySummary(Meeting):
    """The meetings seen from their e-mails: sent/failed counts and "send reminders now"."""

    class Meta:
        proxy = True
        verbose_name = _("meeting e-mail summary")
        verbose_name_plural = _("meeting e-mail summaries")
