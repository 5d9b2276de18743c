"""Account e-mails (allauth) in the portal's voice: its name and domain, layout and the recipient's language.

allauth would take the site's name and domain from the ``Site`` row ("example.com" on a fresh
database), send plain text only, and prefix an English "[Gender CoP]" whatever the language.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from email.utils import parseaddr
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
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


# Failed sign-ins (README, "Security"): 5 in 5 minutes lock one account *from one address*
# (allauth's ``login_failed`` "key" is the account and the address here); a longer per-account
# backstop locks the account from addresses it has never signed in from, never from the ones it
# has. So failures from other addresses alone cannot keep a person out.
KNOWN_ADDRESS_DAYS = 90


def _known_address_key(login: str, ip: str) -> str:
    digest = hashlib.sha256(f"{login}|{ip}".encode()).hexdigest()
    return f"cop:login-known-address:{digest}"


class AccountAdapter(DefaultAccountAdapter):
    def _login_and_ip(self, request, **credentials) -> tuple[str, str]:
        return super()._get_login_attempts_cache_key(request, **credentials), ratelimit.get_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        login, ip = self._login_and_ip(request, **credentials)
        return f"{login}|{ip}"

    def pre_authenticate(self, request, **credentials) -> None:
        super().pre_authenticate(request, **credentials)  # per address, per account and address
        login, ip = self._login_and_ip(request, **credentials)
        self._known_address = (login, ip)
        self._backstop_usage = None
        if cache.get(_known_address_key(login, ip)):
            return  # the person's own address: only the per-address limits apply
        self._backstop_usage = ratelimit.consume(
            request, app="allauth.account", action="login_failed_account", key=login
        )
        if not self._backstop_usage:
            super()._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")

    def _rollback_login_failed_rl_usage(self) -> None:
        """The password was right: the attempt does not count, and this address becomes one the
        account signs in from (exempt from the backstop)."""
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_backstop_usage", None)
        if usage:
            usage.rollback()
        known = getattr(self, "_known_address", None)
        if known:
            cache.set(_known_address_key(*known), True, KNOWN_ADDRESS_DAYS * 24 * 3600)

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
