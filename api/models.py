"""Personal API tokens: a member reads their own registrations and calendar with one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cop_portal.models import TimeStampedModel


class ApiToken(TimeStampedModel):
    """Only the SHA-256 of the secret is stored; the secret is shown once, when created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=80, help_text=_("What the token is for, e.g. 'my calendar app'.")
    )
    key_hash = models.CharField(_("hash of the secret"), max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("first characters"), max_length=12, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="api_token_user_live")]

    def __str__(self):
        return f"{self.prefix}… ({self.name})"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
