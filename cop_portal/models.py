"""Abstract models shared by the apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def localised(obj, field: str) -> str:
    """Return ``obj.<field>_en`` when English is active and it is filled, else ``<field>_mn``."""
    if (get_language() or "mn").startswith("en"):
        value = getattr(obj, f"{field}_en", "")
        if value:
            return value
    return getattr(obj, f"{field}_mn", "") or getattr(obj, f"{field}_en", "")


def actor_field(verbose_name) -> models.ForeignKey:
    """Who did something to a row (decided, reviewed, recorded it).

    The row outlives the account (the field empties if the user is deleted), and users get
    no reverse accessor for it.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


from .audit import AuditEvent  # noqa: E402,F401  (the audit trail: cop_portal/audit.py)
