"""Meetings, registrations and attendance; the annual convention; site visits."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel, actor_field, localised
from members.models import Community, Organisation, Province, User

from .validators import validate_document, validate_image


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
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

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


class ConventionReport(TimeStampedModel):
    """An organisation's progress report to the annual convention."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned for changes")
        ACCEPTED = "accepted", _("Reviewed and accepted")

    convention = models.ForeignKey(
        Meeting,
        verbose_name=_("convention"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
        limit_choices_to={"format": Meeting.Format.CONVENTION},
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="convention_reports",
    )
    achievements = models.TextField(_("achievements"), blank=True)
    indicators_reached = models.TextField(_("gender indicators reached"), blank=True)
    indicators_reached_count = models.PositiveIntegerField(
        _("number of indicators reached"), null=True, blank=True
    )
    indicators_planned_count = models.PositiveIntegerField(
        _("number of indicators planned"), null=True, blank=True
    )
    challenges = models.TextField(_("challenges"), blank=True)
    next_year_plan = models.TextField(_("plan for next year"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_by = actor_field(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = actor_field(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_notes = models.TextField(_("review notes"), blank=True)

    class Meta:
        verbose_name = _("convention progress report")
        verbose_name_plural = _("convention progress reports")
        ordering = ["convention", "organisation__name_mn"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "organisation"], name="convention_report_one_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(indicators_reached_count__isnull=True)
                | models.Q(indicators_planned_count__isnull=True)
                | models.Q(indicators_reached_count__lte=models.F("indicators_planned_count")),
                name="convention_report_reached_within_planned",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.convention}"


class JointPlanItem(TimeStampedModel):
    """An action of the joint plan agreed at a convention."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    convention = models.ForeignKey(
        Meeting,
        verbose_name=_("convention"),
        on_delete=models.CASCADE,
        related_name="joint_plan_items",
        limit_choices_to={"format": Meeting.Format.CONVENTION},
    )
    action_mn = models.CharField(_("action in Mongolian"), max_length=300)
    action_en = models.CharField(_("action in English"), max_length=300, blank=True)
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="joint_plan_items",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    progress_note = models.TextField(_("progress note"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("joint plan item")
        verbose_name_plural = _("joint plan items")
        ordering = ["convention", "position", "id"]

    def __str__(self):
        return self.action

    @property
    def action(self) -> str:
        return localised(self, "action")


class SiteVisit(TimeStampedModel):
    """A study visit to a well-performing organisation.

    Its date, place, host, capacity, registrations and participants (attendance) live on
    its meeting of format "site visit", so members sign up and are counted like for any
    meeting; this model holds what is specific to a visit.
    """

    meeting = models.OneToOneField(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="site_visit",
        limit_choices_to={"format": Meeting.Format.SITE_VISIT},
        help_text=_("The meeting of format “site visit” that carries dates, place, host and sign-ups."),
    )
    place = models.CharField(
        _("place visited"), max_length=255, blank=True, help_text=_("Soum, unit or site.")
    )
    purpose_mn = models.TextField(_("purpose in Mongolian"), blank=True)
    purpose_en = models.TextField(_("purpose in English"), blank=True)
    good_practices = models.TextField(_("good practices observed"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    report = models.TextField(_("report"), blank=True)
    report_file = models.FileField(
        _("report file"), upload_to="meetings/visits/reports/%Y/", blank=True, validators=[validate_document]
    )

    class Meta:
        verbose_name = _("site visit")
        verbose_name_plural = _("site visits")
        ordering = ["-meeting__starts_at"]

    def __str__(self):
        return str(self.meeting)

    @property
    def purpose(self) -> str:
        return localised(self, "purpose")

    def get_absolute_url(self):
        return reverse("meetings:visit-detail", kwargs={"pk": self.pk})


class SiteVisitOutcome(models.Model):
    """A counted outcome, e.g. "tree seedlings donated: 220"."""

    visit = models.ForeignKey(
        SiteVisit, verbose_name=_("site visit"), on_delete=models.CASCADE, related_name="counted_outcomes"
    )
    label_mn = models.CharField(_("what was counted, in Mongolian"), max_length=200)
    label_en = models.CharField(_("what was counted, in English"), max_length=200, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("counted outcome")
        verbose_name_plural = _("counted outcomes")
        ordering = ["visit", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="visit_outcome_quantity_non_negative"
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.quantity.normalize():f}"

    @property
    def label(self) -> str:
        return localised(self, "label")


class FollowUpAction(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    visit = models.ForeignKey(
        SiteVisit, verbose_name=_("site visit"), on_delete=models.CASCADE, related_name="follow_up_actions"
    )
    action = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit_follow_up_actions",
    )
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visit_follow_up_actions",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["visit", "due_on", "id"]

    def __str__(self):
        return self.action


class SiteVisitPhoto(TimeStampedModel):
    visit = models.ForeignKey(
        SiteVisit, verbose_name=_("site visit"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(
        _("photo"),
        upload_to="meetings/visits/photos/%Y/",
        validators=[validate_image],
        help_text=_("JPEG, PNG, GIF or WebP; checked by content; size-limited."),
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    uploaded_by = actor_field(_("uploaded by"))

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["visit", "id"]

    def __str__(self):
        return self.caption or self.image.name


from .feedback.models import Feedback  # noqa: E402,F401
from .proposals.models import Proposal, ProposalEvent, ProposalSupport  # noqa: E402,F401
from .reminders.models import Delivery, MeetingDeliverySummary  # noqa: E402,F401
