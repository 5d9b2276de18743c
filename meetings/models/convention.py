"""The annual convention: organisations' progress reports and the joint plan."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cop_portal.models import Review, TimeStampedModel, actor_field, localised
from members.models import Organisation

from .meetings import Meeting


class ConventionReport(TimeStampedModel, Review):
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
        null=True,
        blank=True,
        help_text=_("Empty for a draft started before the year's convention was scheduled."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        help_text=_("The convention's year of a draft started before the convention was scheduled."),
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

    class Meta:
        verbose_name = _("convention progress report")
        verbose_name_plural = _("convention progress reports")
        ordering = ["convention", "organisation__name_mn"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "organisation"], name="convention_report_one_per_org"
            ),
            # A report written before its convention is scheduled: one per organisation and year,
            # attached to the convention when it is saved again after the scheduling.
            models.UniqueConstraint(
                fields=["year", "organisation"],
                condition=models.Q(convention__isnull=True),
                name="convention_report_one_early_per_org",
            ),
            models.CheckConstraint(
                condition=models.Q(convention__isnull=False) | models.Q(year__isnull=False),
                name="convention_report_convention_or_year",
            ),
            models.CheckConstraint(
                condition=models.Q(convention__isnull=False) | models.Q(status="draft"),
                name="convention_report_early_is_draft",
            ),
            models.CheckConstraint(
                condition=models.Q(indicators_reached_count__isnull=True)
                | models.Q(indicators_planned_count__isnull=True)
                | models.Q(indicators_reached_count__lte=models.F("indicators_planned_count")),
                name="convention_report_reached_within_planned",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.convention or self.year}"


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
