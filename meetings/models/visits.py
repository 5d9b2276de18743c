"""Site visits: what is specific to a visit beyond its meeting."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel, actor_field, localised
from members.models import Organisation

from ..validators import validate_document, validate_image
from .meetings import Meeting


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
