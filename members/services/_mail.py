"""Queue templated e-mails after the surrounding transaction commits."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from cop_portal.tasks import email_send


def absolute(viewname: str, **kwargs) -> str:
    return f"{settings.SITE_URL}{reverse(viewname, kwargs=kwargs or None)}"


def queue(template: str, *, user_id: int, context: dict, kind: str | None) -> None:
    """The request never waits for SMTP: the worker sends once the data is committed."""
    email_send.delay_on_commit(template, user_id, context, kind)
