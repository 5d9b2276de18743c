"""Invitations: a person whose account someone else created chooses their own password."""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate
from notices.services import notify

from .. import permissions, selectors
from ..models import CommunityMembership, User

MEMBER_ADD_REFUSED = _("Only a coordinator or a contact of the person's organisation can add them.")


def invitation_url(user: User) -> str:
    """allauth's set-password link: expires after PASSWORD_RESET_TIMEOUT, void once a password is set."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return f"{settings.SITE_URL}{path}"


def invitation_context(user: User) -> dict:
    """What the invitation says; its set-password link is made when the e-mail is sent."""
    return {
        "url": invitation_url(user),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        "login_url": f"{settings.SITE_URL}{reverse('account_login')}",
    }


def member_invite(*, user: User) -> None:
    """Queue the invitation e-mail in the person's language (once per account), sent once the
    transaction commits."""
    notify("invitation", recipients=[user.pk], key=f"user-{user.pk}:invitation")


@transaction.atomic
def member_add(*, person: User, actor: User) -> User:
    """Save ``person``, added by a coordinator or their organisation's contact, as an approved member.

    Like an imported person, they choose their own password through one invitation e-mail in
    their language, queued once, when the account is created (never on later edits).
    """
    if person.pk is not None or not permissions.user_can_decide_membership(actor, person):
        raise PermissionDenied(MEMBER_ADD_REFUSED)
    now = timezone.now()
    person.status = User.Status.APPROVED
    person.applied_at = person.decided_at = now
    person.decided_by = actor
    person.set_unusable_password()
    person.save()
    EmailAddress.objects.get_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )
    root = selectors.community_root()
    if root is not None:
        CommunityMembership.objects.get_or_create(community=root, user=person, defaults={"joined_at": now})
    audit_record(
        actor=actor,
        action="member.add",
        obj=person,
        changes={"organisation": [None, person.organisation_id], "invited": [False, True]},
    )
    invalidate(
        f"organisation:{person.organisation_id}",
        "organisation:all",
        f"community:{root and root.pk}",
        "community:all",
        "insights",
    )
    member_invite(user=person)
    return person
