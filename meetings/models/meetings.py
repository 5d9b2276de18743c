"""Meetings with their agenda and materials."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel, actor_field, localised
from members.models import Community, Organisation, Province

from ..validators import validate_document


class Meeting(TimeStampedModel):
    """One gathering of the CoP (or a branch): monthly meeting, convention or site visit."""

    class Format(models.TextChoices):
        EXPERT_DISCUSSION = "expert_discussion", _("Discussion with gender experts")
        TRAINING = "training", _("Training on gender mainstreaming")
        GENDER_AUDIT = "gender_audit", _("Gender audit workshop")
        PUBLIC_PANEL = "public_panel", _("Public panel discussion")
        CONVENTION = "convention", _("Annual convention")
        SITE_VISIT = "site_visit", _("Site visit")
        OTHER = "other", _("Other")

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid (in person and online)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Awaiting review")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    # Statuses nobody outside the organisers sees: public lists, feeds and pages leave them out.
    NOT_PUBLIC = (Status.DRAFT, Status.REVIEW)

    title_mn = models.CharField(_("title in Mongolian"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description_mn = models.TextField(_("description in Mongolian"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.EXPERT_DISCUSSION
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community of practice"),
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text=_("The inter-agency CoP or the branch CoP that holds the meeting."),
    )
    host_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organised_meetings",
        help_text=_("The person responsible for the meeting and its minutes."),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.IN_PERSON)
    venue = models.CharField(
        _("venue"), max_length=255, blank=True, help_text=_("Building, room and address.")
    )
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, blank=True)
    online_url = models.URLField(
        _("online link"),
        max_length=500,
        blank=True,
        help_text=_("Shown only to members with a confirmed registration."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Number of seats. Leave blank for unlimited."),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens at"), null=True, blank=True, help_text=_("Blank: open as soon as published.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"),
        null=True,
        blank=True,
        help_text=_("Blank: open until the meeting starts."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True)
    minutes_mn = models.TextField(_("minutes in Mongolian"), blank=True)
    minutes_en = models.TextField(_("minutes in English"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    series_origin = models.ForeignKey(
        "self",
        verbose_name=_("series origin"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="series_meetings",
        help_text=_("The meeting this one was scheduled from as part of a monthly series."),
    )
    # Settings read by the reminders (issue 5).
    reminders_enabled = models.BooleanField(_("send reminders"), default=True)
    reminder_offsets_hours = models.JSONField(
        _("reminder offsets (hours before the start)"),
        default=list,
        blank=True,
        help_text=_("For example [48, 2]. Leave empty to use the site default."),
    )
    reminder_message = models.TextField(
        _("extra reminder message"), blank=True, help_text=_("Added to the reminder e-mails of this meeting.")
    )
    # iCalendar SEQUENCE: bumped by the services on every change of time, place or status.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    # The outbox's e-mails about this meeting (no column; deleted with the meeting).
    deliveries = GenericRelation(
        "notices.Delivery",
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="meeting",
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="meeting_capacity_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(registration_opens_at__isnull=True)
                | models.Q(registration_closes_at__isnull=True)
                | models.Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="meeting_registration_window_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancellation_reason=""),
                name="meeting_cancelled_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="meeting_status_start"),
            models.Index(fields=["format", "starts_at"], name="meeting_format_start"),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return localised(self, "title")

    @property
    def description(self) -> str:
        return localised(self, "description")

    @property
    def minutes(self) -> str:
        return localised(self, "minutes")

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def has_online_part(self) -> bool:
        return self.mode in (self.Mode.ONLINE, self.Mode.HYBRID)

    def get_absolute_url(self):
        return reverse("meetings:meeting-detail", kwargs={"pk": self.pk})


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    starts_at = models.DateTimeField(_("time"), null=True, blank=True)
    title_mn = models.CharField(_("title in Mongolian"), max_length=255)
    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    speaker_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("speaker's organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "starts_at", "id"]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return localised(self, "title")


class Material(TimeStampedModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"),
        upload_to="meetings/materials/%Y/%m/",
        validators=[validate_document],
        help_text=_("PDF, office documents or images; checked by content; size-limited."),
    )
    members_only = models.BooleanField(
        _("members only"), default=False, help_text=_("Hide from visitors who are not signed-in members.")
    )
    uploaded_by = actor_field(_("uploaded by"))

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["meeting", "created_at", "id"]

    def __str__(self):
        return self.title
