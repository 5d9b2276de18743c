"""An organisation's yearly gender audit: one rating with evidence per indicator, findings,
recommendations; drafted, submitted, reviewed; frozen once accepted, corrected by a new version."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cop_portal.models import Review, TimeStampedModel, actor_field
from meetings.validators import validate_document
from members.models import Organisation

from .framework import Framework, Indicator, Level, Measure


class Audit(TimeStampedModel, Review):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned for changes")
        ACCEPTED = "accepted", _("Accepted")
        SUPERSEDED = "superseded", _("Replaced by a correction")

    class Method(models.TextChoices):
        SELF = "self", _("Self-assessment")
        PARTICIPATORY = "participatory", _("Participatory, with a facilitator")
        EXTERNAL = "external", _("External")

    OPEN = (Status.DRAFT, Status.RETURNED)
    IN_PROGRESS = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="gender_audits"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="audits"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    method = models.CharField(_("method"), max_length=15, choices=Method.choices, default=Method.SELF)
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
    participants_women = models.PositiveIntegerField(_("participants: women"), default=0)
    participants_men = models.PositiveIntegerField(_("participants: men"), default=0)
    participants_other = models.PositiveIntegerField(_("participants: other or not said"), default=0)
    findings = models.TextField(_("findings"), blank=True)
    recommendations = models.TextField(_("recommendations for management"), blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("audit lead"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_gender_audits",
        help_text=_("A member of the organisation named by its contact to record the audit."),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("peer reviewer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_gender_audits",
        help_text=_("A member of another organisation, named by a coordinator."),
    )
    publish_scorecard = models.BooleanField(
        _("publish the scorecard"),
        default=False,
        help_text=_(
            "Once accepted, visitors see this organisation's ratings; otherwise only network totals."
        ),
    )
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    created_by = actor_field(_("created by"))
    submitted_by = actor_field(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("gender audit")
        verbose_name_plural = _("gender audits")
        ordering = ["organisation__name_mn", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "version"], name="audit_version_unique"),
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=models.Q(status__in=["draft", "submitted", "returned"]),
                name="audit_one_in_progress_per_org_year",
            ),
            models.UniqueConstraint(
                fields=["organisation", "year"],
                condition=models.Q(status="accepted"),
                name="audit_one_accepted_per_org_year",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="audit_year_range"
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__isnull=True)
                | models.Q(period_end__isnull=True)
                | models.Q(period_start__lte=models.F("period_end")),
                name="audit_period_ordered",
            ),
        ]
        indexes = [models.Index(fields=["status", "year"], name="audit_status_year")]

    def __str__(self):
        suffix = f" v{self.version}" if self.version > 1 else ""
        return f"{self.organisation} {self.year}{suffix}"

    def get_absolute_url(self):
        return reverse("results:audit-detail", kwargs={"pk": self.pk})

    @property
    def participants_total(self) -> int:
        return self.participants_women + self.participants_men + self.participants_other


class AuditRating(models.Model):
    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="ratings"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="ratings"
    )
    level = models.PositiveSmallIntegerField(_("rating"), choices=Level.choices, null=True, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="results/evidence/%Y/", blank=True, validators=[validate_document]
    )

    class Meta:
        verbose_name = _("indicator rating")
        verbose_name_plural = _("indicator ratings")
        ordering = ["audit", "indicator__area__position", "indicator__position"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "indicator"], name="audit_rating_one_per_indicator"),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True) | models.Q(level__gte=0, level__lte=4),
                name="audit_rating_level_on_scale",
            ),
        ]

    def __str__(self):
        return f"{self.audit} · {self.indicator.code}"


class MeasureValue(models.Model):
    audit = models.ForeignKey(
        Audit, verbose_name=_("audit"), on_delete=models.CASCADE, related_name="measures"
    )
    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="values"
    )
    actual = models.DecimalField(_("actual"), max_digits=12, decimal_places=2, null=True, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("measure value")
        verbose_name_plural = _("measure values")
        ordering = ["audit", "measure__position"]
        constraints = [
            models.UniqueConstraint(fields=["audit", "measure"], name="measure_value_one_per_audit"),
        ]

    def __str__(self):
        return f"{self.audit} · {self.measure.code}"
