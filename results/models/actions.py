"""Actions: who does what by when, for which organisations, where it came from, and a dated
timeline of progress updates with evidence (progress is a history, never an overwritten field)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel, actor_field
from meetings.models import Meeting, SiteVisit
from meetings.validators import validate_document
from members.models import Organisation
from proposals.models import Proposal

from .audits import Audit
from .framework import Indicator


class Action(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    class Source(models.TextChoices):
        AUDIT = "audit", _("Gender audit")
        VISIT = "visit", _("Site visit follow-up")
        JOINT_PLAN = "joint_plan", _("Convention joint plan")
        PROPOSAL = "proposal", _("Member proposal")
        MEETING = "meeting", _("Meeting decision")
        OTHER = "other", _("Other")

    OPEN = (Status.PLANNED, Status.IN_PROGRESS)

    title = models.CharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_actions",
    )
    organisations = models.ManyToManyField(
        Organisation, verbose_name=_("organisations"), related_name="gender_actions", blank=True
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    dropped_reason = models.TextField(_("why it was dropped"), blank=True)
    source = models.CharField(_("comes from"), max_length=12, choices=Source.choices, default=Source.OTHER)
    audit = models.ForeignKey(
        Audit,
        verbose_name=_("audit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    visit = models.ForeignKey(
        SiteVisit,
        verbose_name=_("site visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gender_actions",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting or convention"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gender_actions",
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gender_actions",
    )
    # The row this action was carried over from (a visit follow-up, a joint-plan item), so the
    # move runs once however often it is repeated.
    legacy_ref = models.CharField(_("carried over from"), max_length=60, null=True, blank=True, unique=True)
    created_by = actor_field(_("created by"))

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="action_progress_percent"),
            models.CheckConstraint(
                condition=~models.Q(status="dropped") | ~models.Q(dropped_reason=""),
                name="action_dropped_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="action_status_due"),
            models.Index(fields=["owner", "status"], name="action_owner_status"),
        ]

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        english = (get_language() or "mn").startswith("en")
        return self.title_en if english and self.title_en else self.title

    def get_absolute_url(self):
        return reverse("results:action-detail", kwargs={"pk": self.pk})

    @property
    def is_overdue(self) -> bool:
        return bool(self.status in self.OPEN and self.due_on and self.due_on < timezone.localdate())


class ActionUpdate(models.Model):
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="updates"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    author = actor_field(_("by"))
    note = models.TextField(_("what happened"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Action.Status.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    evidence_file = models.FileField(
        _("evidence file"), upload_to="results/actions/%Y/", blank=True, validators=[validate_document]
    )

    class Meta:
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")
        ordering = ["action", "-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="action_update_progress_percent"
            ),
        ]

    def __str__(self):
        return f"{self.action} · {self.at:%Y-%m-%d}"
