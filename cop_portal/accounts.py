"""Account e-mails (allauth) in the portal's voice: its name and domain, layout and the recipient's language.

allauth would take the site's name and domain from the ``Site`` row ("example.com" on a fresh
database), send plain text only, and prefix an English "[Gender CoP]" whatever the language.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

# The display name DEFAULT_FROM_EMAIL ships with; an operator's own name is kept as given.
DEFAULT_SENDER_NAME = "Gender CoP"


@dataclass(frozen=True)
class PortalSite:
    """What allauth's templates read of ``current_site``, from settings rather than the database."""

    domain: str
    name: str

    def __str__(self) -> str:
        return self.name


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).netloc or "localhost"


def portal_site() -> PortalSite:
    """The portal's name in the active language and the domain of ``SITE_URL``."""
    return PortalSite(domain=site_domain(), name=gettext("Gender CoP"))


def sender() -> str:
    """``DEFAULT_FROM_EMAIL`` with the portal's name in the active language."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if name and name != DEFAULT_SENDER_NAME:
        return settings.DEFAULT_FROM_EMAIL
    return f"{gettext('Gender CoP')} <{address}>"


def recipient_language(email: str, context: dict) -> str:
    """The recipient's saved language; for an address without an account, the page's language."""
    user = context.get("user")
    if user is None:
        user = get_user_model().objects.filter(email__iexact=email).only("preferred_language").first()
    language = getattr(user, "preferred_language", None)
    supported = {code for code, _name in settings.LANGUAGES}
    if language in supported:
        return language
    current = translation.get_language()
    return current if current in supported else settings.LANGUAGE_CODE


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject: str) -> str:
        return f"[{gettext('Gender CoP')}] {subject}"

    def get_from_email(self) -> str:
        return sender()

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        with translation.override(recipient_language(email, context)):
            ctx = {"request": allauth_context.request, "email": email, **context}
            ctx["current_site"] = portal_site()
            ctx["SITE_URL"] = settings.SITE_URL
            msg = self.render_mail(template_prefix, email, ctx)
        msg.send()

    def render_mail(self, template_prefix, email, context, headers=None):
        """allauth's text e-mail, plus the portal's HTML layout around the same text."""
        msg = super().render_mail(template_prefix, email, context, headers=headers)
        if not getattr(msg, "alternatives", None) and hasattr(msg, "attach_alternative"):
            html = render_to_string(
                "cop_portal/emails/account.html",
                {"body": msg.body, "LANGUAGE_CODE": translation.get_language()},
            )
            msg.attach_alternative(html, "text/html")
        return msg
