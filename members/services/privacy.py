"""A member's right to erasure: personal fields go, anonymous statistics stay."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction

from cop_portal.pagecache import invalidate
from notices.services import notify
from notices.services.bounces import address_bounce_forget

from ..models import User, new_calendar_token
from ..signals import user_erased
from .profile import pages_naming

ERASED_EMAIL_DOMAIN = "erased.invalid"


@transaction.atomic
def user_erase(*, user: User, actor: User) -> User:
    """Erase ``user``'s personal data and close the account; e-mail them a last time.

    The row stays (meetings, terms and results point at it, and counts by gender and
    organisation stay right) but nothing in it names or reaches the person any more: the
    name, e-mail, phone, position and logins are gone, the account cannot sign in.
    """
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionError("Only the person or a technical administrator erases an account.")
    locked = User.objects.select_for_update().get(pk=user.pk)
    # Their address and name go with the e-mail only (sent once the erasure is committed).
    goodbye = {"email": locked.email, "full_name": locked.get_full_name()}
    locked.email = f"erased-{locked.pk}@{ERASED_EMAIL_DOMAIN}"
    locked.full_name = ""
    locked.position = ""
    locked.phone = ""
    locked.contact_visible = False
    locked.is_active = False
    locked.is_staff = False
    locked.is_superuser = False
    locked.is_organisation_contact = False
    locked.decision_reason = ""
    locked.calendar_token = new_calendar_token()  # the old personal feed URL stops working
    locked.email_bounced_at = None
    locked.set_unusable_password()
    locked.save()
    locked.groups.clear()
    locked.user_permissions.clear()
    EmailAddress.objects.filter(user=locked).delete()
    Authenticator.objects.filter(user=locked).delete()  # no second-factor secret outlives the account
    address_bounce_forget(user_id=locked.pk, email=goodbye["email"])
    invalidate(
        *pages_naming(locked), f"organisation:{locked.organisation_id}", "organisation:all", "insights"
    )
    user_erased.send(sender=User, user=locked)
    notify("account_deleted", recipients=[locked.pk], key=f"user-{locked.pk}:erased", context=goodbye)
    return locked
