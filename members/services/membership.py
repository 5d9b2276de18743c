"""Joining the CoP: apply through one's organisation; a contact or coordinator decides."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate
from notices.services import notify

from .. import permissions, selectors
from ..models import CommunityMembership, Organisation, User

MEMBERSHIP_ALREADY_MEMBER = _("You are already an approved member.")
MEMBERSHIP_ALREADY_APPLIED = _("Your application is already waiting for a decision.")
MEMBERSHIP_ORGANISATION_INACTIVE = _("This organisation is not an active member of the CoP.")
MEMBERSHIP_NOT_PENDING = _("This application has already been decided.")
MEMBERSHIP_DECIDE_REFUSED = _(
    "Only a coordinator or a contact of the applicant's organisation can decide on this application."
)
REASON_REQUIRED = _("Please give a reason; the applicant will read it.")
CONTACT_NEEDS_MEMBER = _("Only an approved member can be an organisation contact.")


def _lock(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def _absolute(viewname: str) -> str:
    return f"{settings.SITE_URL}{reverse(viewname)}"


def _organisation_context(organisation: Organisation | None) -> dict:
    if organisation is None:
        return {"organisation_mn": "", "organisation_en": ""}
    return {"organisation_mn": organisation.name_mn, "organisation_en": organisation.name_en}


@transaction.atomic
def membership_apply(*, user: User, organisation: Organisation, actor: User) -> User:
    """Record ``user``'s application through ``organisation`` and tell its reviewers."""
    if not permissions.user_can_act_for(actor, user):
        raise PermissionDenied
    locked = _lock(user)
    if locked.status == User.Status.APPROVED:
        raise ValidationError(MEMBERSHIP_ALREADY_MEMBER)
    if locked.status == User.Status.APPLIED:
        raise ValidationError(MEMBERSHIP_ALREADY_APPLIED)
    if not organisation.is_active:
        raise ValidationError(MEMBERSHIP_ORGANISATION_INACTIVE)
    locked.organisation = organisation
    locked.status = User.Status.APPLIED
    locked.applied_at = timezone.now()
    locked.decided_at = None
    locked.decided_by = None
    locked.decision_reason = ""
    locked.full_clean()
    locked.save()
    context = {
        "applicant_name": locked.get_full_name(),
        "applicant_email": locked.email,
        "position": locked.position,
        "url": _absolute("members:application-list"),
        **_organisation_context(organisation),
    }
    notify(
        "membership_applied",
        recipients=[reviewer.pk for reviewer in selectors.membership_reviewers(person=locked)],
        key=f"user-{locked.pk}:applied@{locked.applied_at.isoformat()}",
        context=context,
    )
    _copy(locked, user)
    return user


def _decide(user: User, actor: User) -> User:
    locked = _lock(user)
    if not permissions.user_can_decide_membership(actor, locked):
        raise PermissionDenied(MEMBERSHIP_DECIDE_REFUSED)
    if locked.status != User.Status.APPLIED:
        raise ValidationError(MEMBERSHIP_NOT_PENDING)
    return locked


def _copy(source: User, target: User) -> None:
    for field in (
        "organisation_id",
        "status",
        "applied_at",
        "decided_at",
        "decided_by_id",
        "decision_reason",
        "is_organisation_contact",
    ):
        setattr(target, field, getattr(source, field))


@transaction.atomic
def membership_approve(*, user: User, actor: User) -> User:
    """Approve a pending application; the new member joins the root CoP and is e-mailed."""
    locked = _decide(user, actor)
    locked.status = User.Status.APPROVED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.decision_reason = ""
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action="membership.approve",
        obj=locked,
        changes={"status": [User.Status.APPLIED, User.Status.APPROVED]},
    )
    root = selectors.community_root()
    if root is not None:
        CommunityMembership.objects.get_or_create(community=root, user=locked)
    invalidate(
        f"organisation:{locked.organisation_id}",
        "organisation:all",
        f"community:{root and root.pk}",
        "community:all",
        "insights",
    )
    notify(
        "membership_approved",
        recipients=[locked.pk],
        key=f"user-{locked.pk}:decided@{locked.decided_at.isoformat()}",
        context={"url": _absolute("members:profile"), **_organisation_context(locked.organisation)},
    )
    _copy(locked, user)
    return user


@transaction.atomic
def membership_decline(*, user: User, actor: User, reason: str) -> User:
    """Decline a pending application with a reason the applicant reads in the e-mail."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(REASON_REQUIRED)
    locked = _decide(user, actor)
    locked.status = User.Status.DECLINED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.decision_reason = reason
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action="membership.decline",
        obj=locked,
        changes={"status": [User.Status.APPLIED, User.Status.DECLINED], "reason": reason},
    )
    notify(
        "membership_declined",
        recipients=[locked.pk],
        key=f"user-{locked.pk}:decided@{locked.decided_at.isoformat()}",
        context={
            "reason": reason,
            "url": _absolute("members:profile"),
            **_organisation_context(locked.organisation),
        },
    )
    _copy(locked, user)
    return user


@transaction.atomic
def organisation_contact_set(*, user: User, is_contact: bool, actor: User) -> User:
    """Name or un-name ``user`` a focal point of their organisation (coordinators only)."""
    if not permissions.user_can_decide_branch(actor):
        raise PermissionDenied
    locked = _lock(user)
    if is_contact and not locked.is_member:
        raise ValidationError(CONTACT_NEEDS_MEMBER)
    previous = locked.is_organisation_contact
    locked.is_organisation_contact = is_contact
    locked.save(update_fields=["is_organisation_contact"])
    audit_record(
        actor=actor,
        action="membership.contact_set",
        obj=locked,
        changes={"is_organisation_contact": [previous, is_contact]},
    )
    invalidate(f"organisation:{locked.organisation_id}")
    user.is_organisation_contact = is_contact
    return user
