"""One row per e-mail: the database, not the broker, says what went out."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel


class Delivery(TimeStampedModel):
    """One e-mail of a registered kind to one member, queued at most once per key.

    ``key`` tells two e-mails of the same kind to the same person apart and is chosen by
    the sender: a meeting reminder's key names the meeting, its offset and start time, an
    answer to a proposal names the proposal and the answer. ``subject`` is what the e-mail
    is about, when its kind reads it again while sending (a meeting moved or cancelled).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")
        # Held back: the address refused mail permanently; released when it is fixed.
        PARKED = "parked", _("Held: the address bounces")

    kind = models.CharField(_("kind"), max_length=60)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    key = models.CharField(
        _("key"),
        max_length=200,
        help_text=_("Tells apart e-mails of the same kind, e.g. the offset and start time of a reminder."),
    )
    subject_type = models.ForeignKey(
        ContentType, verbose_name=_("about (type)"), on_delete=models.CASCADE, null=True, blank=True
    )
    subject_id = models.PositiveBigIntegerField(_("about (id)"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
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
            models.UniqueConstraint(fields=["kind", "user", "key"], name="delivery_once_per_kind_user_key"),
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
            models.Index(fields=["subject_type", "subject_id", "status"], name="delivery_subject_status"),
        ]

    def __str__(self):
        return f"{self.kind} — {self.user}"


class BouncingAddress(TimeStampedModel):
    """An address a mail server refused permanently (an SMTP 5xx answer): nothing but account
    e-mail goes to it until its owner changes or confirms it again, or a coordinator clears it."""

    email = models.EmailField(_("e-mail address"), unique=True, help_text=_("Stored in lower case."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    code = models.PositiveSmallIntegerField(_("SMTP code"))
    reason = models.TextField(_("mail server's answer"), blank=True)
    bounced_at = models.DateTimeField(_("last refused at"))
    refusals = models.PositiveIntegerField(_("refusals"), default=1)

    class Meta:
        verbose_name = _("bouncing address")
        verbose_name_plural = _("bouncing addresses")
        ordering = ["-bounced_at"]

    def __str__(self):
        return self.email
