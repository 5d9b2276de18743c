"""Two-factor login for the back office: a staff account enrols a second factor (TOTP, with
recovery codes) before it may enter the admin. Members may enrol too; nobody else must."""

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

ENROL_FIRST = _("The back office needs a second factor: set up an authenticator app first.")


class StaffTwoFactorMiddleware:
    """Send a signed-in staff account without a second factor from /admin/ to enrolment."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_enrol(request):
            messages.warning(request, ENROL_FIRST)
            target = reverse("mfa_activate_totp")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _must_enrol(request) -> bool:
        if not settings.COP_STAFF_REQUIRE_2FA:
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return False
        if not request.path.startswith(reverse("admin:index")):
            return False
        return not is_mfa_enabled(user)
