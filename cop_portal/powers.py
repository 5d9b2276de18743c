"""The one rule for powers beyond a member's: they wait for a second factor verified in this
session (README, "Two-factor login"). Kept free of imports so the user model can ask it; the
middleware that marks each request is ``cop_portal.two_factor``."""

from __future__ import annotations

from django.conf import settings

# Set on the request's user by the middleware: whether this session verified a second factor.
VERIFIED_ATTR = "second_factor_verified"
# Set when a power was held back during this request (so a refusal leads to the second factor).
HELD_BACK_ATTR = "second_factor_held_back"


def powers_unlocked(user, *, organiser: bool = False) -> bool:
    """May ``user`` use a power now? ``organiser``: a focal person's, co-organiser's or
    organisation contact's (behind ``COP_ORGANISERS_REQUIRE_2FA``); else a coordinator's, the
    technical administrator's or any back-office right (``COP_STAFF_REQUIRE_2FA``).
    Always true outside a request."""
    required = settings.COP_ORGANISERS_REQUIRE_2FA if organiser else settings.COP_STAFF_REQUIRE_2FA
    if not required or getattr(user, VERIFIED_ATTR, True):
        return True
    setattr(user, HELD_BACK_ATTR, True)
    return False


class PowersWaitForSecondFactor:
    """For the user model: back-office permissions (the admin, ``has_perm``) wait like every power."""

    def has_perm(self, perm, obj=None) -> bool:
        return super().has_perm(perm, obj) and powers_unlocked(self)

    def has_module_perms(self, app_label) -> bool:
        return super().has_module_perms(app_label) and powers_unlocked(self)
