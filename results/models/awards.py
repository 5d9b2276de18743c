"""The awards register: recognition an organisation received for its gender work, and the
members who took part in it (shown on the organisation's results and in their participation record)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel, localised
from members.models import Organisation


class Award(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="gender_awards"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title_mn = models.CharField(_("award in Mongolian"), max_length=300)
    title_en = models.CharField(_("award in English"), max_length=300, blank=True)
    awarded_by_mn = models.CharField(
        _("awarded by, in Mongolian"),
        max_length=300,
        help_text=_("E.g. the National Committee on Gender Equality."),
    )
    awarded_by_en = models.CharField(_("awarded by, in English"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members who took part"),
        related_name="gender_awards",
        blank=True,
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-year", "organisation__name_mn"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100), name="award_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})"

    @property
    def title(self) -> str:
        return localised(self, "title")

    @property
    def awarded_by(self) -> str:
        return localised(self, "awarded_by")
