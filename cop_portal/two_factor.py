"""A second factor for every power: the one rule, and the middleware that applies it per request.

Anything beyond a member's rights (coordinators everywhere on the site, the technical
administrator, and with ``COP_ORGANISERS_REQUIRE_2FA`` branch focal persons, co-organisers and
organisation contacts) needs a second factor verified in this session: a TOTP or recovery code
at sign-in, a re-authentication with one, or the enrolment itself (which asks for a code). Until
then those powers are held back: the role predicates (``User.is_coordinator``,
``User.has_perm`` and the organiser predicates of ``members.permissions``) answer as for a
member, whatever page, form or service asks, and a refusal is turned into the way to the second
factor (enrolment when the person has none, the code otherwise). Members may enrol too.

Outside a request (tasks, commands, the shell) nothing is held back: those run as the operator.
"""

from __future__ import annotations

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.mfa.signals import authenticator_added
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .powers import HELD_BACK_ATTR, VERIFIED_ATTR

ENROL_FIRST = _("The back office needs a second factor: set up an authenticator app first.")
ENROL_FOR_POWERS = _(
    "Your rights beyond a member's need a second factor: set up an authenticator app (it takes a "
    "minute), keep the recovery codes, then open the page again."
)
VERIFY_FOR_POWERS = _(
    "Your rights beyond a member's need your second factor in this session: enter a code from "
    "your authenticator app (or a recovery code)."
)


def session_verified(request, user) -> bool:
    """A second factor was used in this session (sign-in, re-authentication or enrolment)."""
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, user))


def _second_factor_url(request) -> str:
    target = "mfa_reauthenticate" if is_mfa_enabled(request.user) else "mfa_activate_totp"
    return f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"


class SecondFactorMiddleware:
    """Marks the request's user with whether this session verified a second factor; sends
    staff without one from /admin/ to it, and turns a refusal (403) caused by a held-back power
    into the way to the second factor."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            setattr(user, VERIFIED_ATTR, session_verified(request, user))
            if self._admin_needs_it(request, user):
                messages.warning(request, ENROL_FIRST if not is_mfa_enabled(user) else VERIFY_FOR_POWERS)
                return redirect(_second_factor_url(request))
        response = self.get_response(request)
        if response.status_code == 403 and getattr(user, HELD_BACK_ATTR, False):
            # Refused because a power waited for the second factor: show the way to it.
            messages.warning(request, VERIFY_FOR_POWERS if is_mfa_enabled(user) else ENROL_FOR_POWERS)
            return redirect(_second_factor_url(request))
        return response

    @staticmethod
    def _admin_needs_it(request, user) -> bool:
        if not settings.COP_STAFF_REQUIRE_2FA or not user.is_staff:
            return False
        if not request.path.startswith(reverse("admin:index")):
            return False
        return not getattr(user, VERIFIED_ATTR)


def _record_enrolment(sender, request, user, authenticator, **kwargs) -> None:
    """Setting up an authenticator asks for a code from it: that verifies this session."""
    if request is not None and authenticator.type != authenticator.Type.RECOVERY_CODES:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, enrolled=True
        )


authenticator_added.connect(_record_enrolment, dispatch_uid="cop_portal.two_factor.enrolment")
