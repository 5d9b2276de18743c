"""Members' proposals: a topic, a meeting, a site visit or a joint-plan action, with
supports, an official answer and a history."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel, actor_field
from meetings.models import Meeting
from members.models import Community, Organisation, Province

DESCRIPTION_MAX = 2000


class Proposal(TimeStampedModel):
    """What a member asks the CoP to do; coordinators (or the branch's focal person) answer."""

    class Kind(models.TextChoices):
        TOPIC = "topic", _("Topic for a monthly meeting")
        MEETING = "meeting", _("Meeting")
        SITE_VISIT = "site_visit", _("Site visit")
        PLAN_ACTION = "plan_action", _("Action for the joint plan")

    class Status(models.TextChoices):
        OPEN = "open", _("Open for support")
        CONSIDERING = "considering", _("Under consideration")
        ACCEPTED = "accepted", _("Accepted")
        NOT_TAKEN_UP = "not_taken_up", _("Not taken up")

    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(
        _("description"),
        validators=[MaxLengthValidator(DESCRIPTION_MAX)],
        help_text=_("Plain text; web links become clickable."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TOPIC)
    community = models.ForeignKey(
        Community,
        verbose_name=_("branch CoP"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        help_text=_(
            "Blank: addressed to the whole CoP. A branch's focal person answers proposals made to it."
        ),
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    meeting_format = models.CharField(
        _("meeting format"), max_length=20, choices=Meeting.Format.choices, blank=True
    )
    suggested_expert = models.CharField(_("suggested expert"), max_length=200, blank=True)
    host_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For a site visit: the organisation to visit."),
    )
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True, help_text=_("Read by the proposer and supporters."))
    answered_by = actor_field(_("answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting or visit it became"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_by = actor_field(_("hidden by"))

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="not_taken_up") | ~models.Q(answer=""),
                name="proposal_not_taken_up_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(hidden_at__isnull=True) | ~models.Q(hidden_reason=""),
                name="proposal_hidden_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="proposal_status_created"),
            models.Index(fields=["proposer", "created_at"], name="proposal_proposer_created"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_supportable(self) -> bool:
        return not self.is_hidden and self.status in (self.Status.OPEN, self.Status.CONSIDERING)

    def get_absolute_url(self):
        return reverse("proposals:proposal-detail", kwargs={"pk": self.pk})


class ProposalSupport(models.Model):
    """One member's support; withdrawing deletes it."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="proposal_supports",
    )
    created_at = models.DateTimeField(_("supported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        ordering = ["proposal", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposal_support_one_per_member"),
        ]

    def __str__(self):
        return f"{self.user} — {self.proposal}"


class ProposalEvent(models.Model):
    """The proposal's history: made, edited by its proposer, answered, hidden, shown again."""

    class Action(models.TextChoices):
        CREATED = "created", _("Proposed")
        EDITED = "edited", _("Edited by the proposer")
        ANSWERED = "answered", _("Answered")
        HIDDEN = "hidden", _("Hidden")
        SHOWN = "shown", _("Shown again")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    status = models.CharField(_("status"), max_length=12, choices=Proposal.Status.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = actor_field(_("by"))
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposal event")
        verbose_name_plural = _("proposal history")
        ordering = ["proposal", "created_at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} — {self.proposal}"
