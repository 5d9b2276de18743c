"""Branch CoPs: an organisation contact registers one; a coordinator approves, declines or
later closes it. Each decision is audited and e-mailed after commit."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate
from members import selectors
from members.models import Community, CommunityMembership, User
from members.permissions import user_can_decide_branch
from members.services import REASON_REQUIRED
from notices.services import notify

from ..permissions import user_can_register_branch

BRANCH_NAME_TAKEN = _("A CoP with this name already exists. Please choose another name.")
BRANCH_CANNOT_REGISTER = _("Only an organisation contact can register a branch CoP.")
BRANCH_NO_ROOT = _("The inter-agency CoP does not exist yet; a coordinator must create it first.")
BRANCH_DECIDE_REFUSED = _("Only a coordinator can approve or decline a branch CoP.")
BRANCH_ALREADY_DECIDED = _("This branch CoP has already been decided.")
BRANCH_NOT_CLOSABLE = _("Only an approved branch CoP can be closed.")
# Paths under /branches/ that a slug must never shadow.
RESERVED_SLUGS = {"register"}


def _slug_for(name_en: str, name_mn: str) -> str:
    base = slugify(name_en)[:60] or slugify(name_mn)[:60] or "branch"
    slug = base
    while slug in RESERVED_SLUGS or Community.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


def _name_taken(name_mn: str, exclude_pk=None) -> bool:
    qs = Community.objects.annotate(lname=Lower("name_mn")).filter(lname=name_mn.lower())
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def _context(community: Community) -> dict:
    return {
        "community_mn": community.name_mn,
        "community_en": community.name_en,
        "host_mn": community.host_organisation.name_mn if community.host_organisation else "",
        "host_en": community.host_organisation.name_en if community.host_organisation else "",
    }


@transaction.atomic
def branch_register(
    *,
    name_mn: str,
    name_en: str,
    purpose: str,
    actor: User,
    founded_on: dt.date | None = None,
    focal_person: User | None = None,
) -> Community:
    """Register a pending branch under the root CoP, hosted by the actor's organisation.

    The case-insensitive unique name is enforced by the database, so of two simultaneous
    registrations of one name exactly one wins; the other gets ``BRANCH_NAME_TAKEN``.
    """
    if not user_can_register_branch(actor):
        raise PermissionDenied(BRANCH_CANNOT_REGISTER)
    root = selectors.community_root()
    if root is None:
        raise ValidationError(BRANCH_NO_ROOT)
    name_mn, name_en = name_mn.strip(), name_en.strip()
    if _name_taken(name_mn):
        raise ValidationError({"name_mn": BRANCH_NAME_TAKEN})
    community = Community(
        name_mn=name_mn,
        name_en=name_en,
        slug=_slug_for(name_en, name_mn),
        parent=root,
        host_organisation_id=actor.organisation_id,
        purpose=purpose.strip(),
        founded_on=founded_on,
        focal_person=focal_person or actor,
        status=Community.Status.PENDING,
        registered_by=actor,
    )
    # validate_constraints would query for the name again; the database is the referee.
    community.full_clean(validate_constraints=False, validate_unique=False)
    try:
        with transaction.atomic():
            community.save()
    except IntegrityError as exc:
        if _name_taken(name_mn):
            raise ValidationError({"name_mn": BRANCH_NAME_TAKEN}) from exc
        raise ValidationError(BRANCH_NAME_TAKEN) from exc
    CommunityMembership.objects.create(community=community, user=actor)
    audit_record(
        actor=actor,
        action="branch.register",
        obj=community,
        changes={"status": [None, community.status], "focal_person": community.focal_person_id},
    )
    invalidate(f"community:{community.pk}", "community:all", f"organisation:{community.host_organisation_id}")
    context = {**_context(community), "registered_by": actor.get_full_name(), "url": _admin_url(community)}
    notify(
        "branch_registered",
        recipients=[coordinator.pk for coordinator in selectors.coordinators()],
        key=f"community-{community.pk}:registered",
        context=context,
    )
    return community


def _absolute(viewname: str, **kwargs) -> str:
    return f"{settings.SITE_URL}{reverse(viewname, kwargs=kwargs)}"


def _admin_url(community: Community) -> str:
    return _absolute("admin:members_community_change", object_id=community.pk)


def _lock_pending(community: Community, actor: User) -> Community:
    if not user_can_decide_branch(actor):
        raise PermissionDenied(BRANCH_DECIDE_REFUSED)
    locked = (
        Community.objects.select_for_update(of=("self",))
        .select_related("host_organisation")
        .get(pk=community.pk)
    )
    if locked.status != Community.Status.PENDING:
        raise ValidationError(BRANCH_ALREADY_DECIDED)
    return locked


def _notify_decision(community: Community, kind: str, extra: dict) -> None:
    if community.registered_by_id is None:
        return
    context = {
        **_context(community),
        "url": _absolute("branches:community-detail", slug=community.slug),
        **extra,
    }
    notify(
        kind,
        recipients=[community.registered_by_id],
        key=f"community-{community.pk}:decided",
        context=context,
    )


@transaction.atomic
def branch_approve(*, community: Community, actor: User) -> Community:
    """Approve a pending branch: it appears in the network; the applicant is e-mailed."""
    locked = _lock_pending(community, actor)
    locked.status = Community.Status.APPROVED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_reason = ""
    if locked.founded_on is None:
        locked.founded_on = timezone.localdate()
    locked.save()
    audit_record(
        actor=actor,
        action="branch.approve",
        obj=locked,
        changes={"status": [Community.Status.PENDING, locked.status]},
    )
    invalidate(f"community:{locked.pk}", "community:all", f"organisation:{locked.host_organisation_id}")
    invalidate("organisation:all", "insights")  # the branch counts
    _notify_decision(locked, "branch_approved", {})
    return locked


@transaction.atomic
def branch_decline(*, community: Community, actor: User, reason: str) -> Community:
    """Decline a pending branch with a reason the applicant reads in the e-mail."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(REASON_REQUIRED)
    locked = _lock_pending(community, actor)
    locked.status = Community.Status.DECLINED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_reason = reason
    locked.save()
    audit_record(
        actor=actor,
        action="branch.decline",
        obj=locked,
        changes={"status": [Community.Status.PENDING, locked.status], "reason": reason},
    )
    invalidate(f"community:{locked.pk}", "community:all", f"organisation:{locked.host_organisation_id}")
    _notify_decision(locked, "branch_declined", {"reason": reason})
    return locked


@transaction.atomic
def branch_close(*, community: Community, actor: User) -> Community:
    """Close an approved branch: it leaves the network; its page and history remain."""
    if not user_can_decide_branch(actor):
        raise PermissionDenied(BRANCH_DECIDE_REFUSED)
    locked = Community.objects.select_for_update().get(pk=community.pk)
    if locked.is_root or locked.status != Community.Status.APPROVED:
        raise ValidationError(BRANCH_NOT_CLOSABLE)
    locked.status = Community.Status.CLOSED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="branch.close",
        obj=locked,
        changes={"status": [Community.Status.APPROVED, locked.status]},
    )
    invalidate(f"community:{locked.pk}", "community:all", f"organisation:{locked.host_organisation_id}")
    invalidate("organisation:all", "insights")  # the branch counts
    return locked
