"""The indicator framework: versions, areas, indicators on one five-level scale, measures.

A new framework version is a new row with its own areas, indicators and measures; an audit
points at the version it was made with, so a later version never changes a past audit.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel, localised


class Level(models.IntegerChoices):
    """The one scale every indicator is rated on (UN-SWAP's five levels)."""

    NOT_APPLICABLE = 0, _("Not applicable")
    MISSING = 1, _("Missing")
    APPROACHES = 2, _("Approaches requirements")
    MEETS = 3, _("Meets requirements")
    EXCEEDS = 4, _("Exceeds requirements")


MET_LEVELS = (Level.MEETS, Level.EXCEEDS)
RATED_LEVELS = (Level.MISSING, Level.APPROACHES, Level.MEETS, Level.EXCEEDS)


class Framework(TimeStampedModel):
    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    name_mn = models.CharField(_("name in Mongolian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    is_current = models.BooleanField(
        _("current"),
        default=False,
        help_text=_("New audits use the current version; past audits keep theirs."),
    )

    class Meta:
        verbose_name = _("indicator framework")
        verbose_name_plural = _("indicator frameworks")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="results_one_current_framework",
            )
        ]

    def __str__(self):
        return f"{self.name} (v{self.version})"

    @property
    def name(self) -> str:
        return localised(self, "name")


class Area(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="areas"
    )
    name_mn = models.CharField(_("name in Mongolian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator area")
        verbose_name_plural = _("indicator areas")
        ordering = ["framework", "position", "id"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return localised(self, "name")


class Indicator(models.Model):
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("code"), max_length=10, help_text=_("Short and stable, e.g. “PI 3”."))
    name_mn = models.CharField(_("name in Mongolian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    definition_mn = models.TextField(_("definition in Mongolian"), blank=True)
    definition_en = models.TextField(_("definition in English"), blank=True)
    approaches_mn = models.TextField(_("what “approaches requirements” asks, in Mongolian"), blank=True)
    approaches_en = models.TextField(_("what “approaches requirements” asks, in English"), blank=True)
    meets_mn = models.TextField(_("what “meets requirements” asks, in Mongolian"), blank=True)
    meets_en = models.TextField(_("what “meets requirements” asks, in English"), blank=True)
    exceeds_mn = models.TextField(_("what “exceeds requirements” asks, in Mongolian"), blank=True)
    exceeds_en = models.TextField(_("what “exceeds requirements” asks, in English"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["area__framework", "area__position", "position", "id"]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def definition(self) -> str:
        return localised(self, "definition")

    @property
    def approaches(self) -> str:
        return localised(self, "approaches")

    @property
    def meets(self) -> str:
        return localised(self, "meets")

    @property
    def exceeds(self) -> str:
        return localised(self, "exceeds")


class Measure(models.Model):
    """A number an organisation reports each year, e.g. the share of women in management."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="measures"
    )
    code = models.CharField(_("code"), max_length=10)
    name_mn = models.CharField(_("name in Mongolian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=20, help_text=_("E.g. “%” or “₮ million”."))
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("numeric measure")
        verbose_name_plural = _("numeric measures")
        ordering = ["framework", "position", "id"]

    def __str__(self):
        return f"{self.name} ({self.unit})"

    @property
    def name(self) -> str:
        return localised(self, "name")
