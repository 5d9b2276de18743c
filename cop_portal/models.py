"""Abstract models shared by the apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .audit import AuditEvent  # noqa: F401  (the audit trail lives in cop_portal/audit.py)


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


def decision_model(name: str, *, by: str, at: str, reason: str, labels: tuple) -> type[models.Model]:
    """An abstract model holding who decided about a row (``by``), when (``at``) and why
    (``reason``), under the field names given, so each app keeps its own words and columns.

    ``labels`` are the three verbose names, in that order.
    """
    by_label, at_label, reason_label = labels
    attrs = {
        "__module__": __name__,
        "__doc__": f"Who decided ({by}), when ({at}) and why ({reason}).",
        by: actor_field(by_label),
        at: models.DateTimeField(at_label, null=True, blank=True),
        reason: models.TextField(reason_label, blank=True),
        "Meta": type("Meta", (), {"abstract": True}),
    }
    return type(name, (models.Model,), attrs)


# Membership applications and branch registrations (members).
Decision = decision_model(
    "Decision",
    by="decided_by",
    at="decided_at",
    reason="decision_reason",
    labels=(_("decided by"), _("decided at"), _("reason for the decision")),
)
# A coordinator's review of a convention progress report (meetings).
Review = decision_model(
    "Review",
    by="reviewed_by",
    at="reviewed_at",
    reason="review_notes",
    labels=(_("reviewed by"), _("reviewed at"), _("review notes")),
)
# Withdrawing a nomination (coordinators).
Withdrawal = decision_model(
    "Withdrawal",
    by="withdrawn_by",
    at="withdrawn_at",
    reason="withdrawal_reason",
    labels=(_("withdrawn by"), _("withdrawn at"), _("reason for the withdrawal")),
)


class SharedFallbackEntry(models.Model):
    """The table every process answers the cache from while Redis is unreachable
    (``cop_portal.cache``): rate-limit counts and locks stay shared, never per process. The
    columns are the ones Django's database cache reads and writes."""

    cache_key = models.CharField(_("key"), max_length=255, primary_key=True)
    value = models.TextField(_("value"))
    expires = models.DateTimeField(_("expires"), db_index=True)

    class Meta:
        db_table = "cop_cache_fallback"
        verbose_name = _("shared cache entry (Redis down)")
        verbose_name_plural = _("shared cache entries (Redis down)")
        default_permissions = ()

    def __str__(self):
        return self.cache_key
