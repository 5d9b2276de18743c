"""Following a branch CoP: an approved member joins (follows) an approved CoP and leaves it
again; followers hear of its new meetings (``meetings.reminders``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cop_portal.pagecache import invalidate
from members.models import Community, CommunityMembership, User
from members.permissions import user_can_act_for, user_is_member

BRANCH_NOT_OPEN = _("Only an approved CoP can be joined.")
BRANCH_JOIN_NOT_MEMBER = _("Only approved members can join a CoP.")


@transaction.atomic
def branch_join(*, community: Community, user: User, actor: User) -> CommunityMembership:
    """Add an approved member to an approved CoP (idempotent)."""
    if not user_can_act_for(actor, user):
        raise PermissionDenied
    if not user_is_member(user):
        raise PermissionDenied(BRANCH_JOIN_NOT_MEMBER)
    locked = Community.objects.select_for_update().get(pk=community.pk)
    if locked.status != Community.Status.APPROVED:
        raise ValidationError(BRANCH_NOT_OPEN)
    membership, _created = CommunityMembership.objects.get_or_create(community=locked, user=user)
    invalidate(f"community:{locked.pk}", "community:all", f"organisation:{locked.host_organisation_id}")
    return membership


@transaction.atomic
def branch_leave(*, community: Community, user: User, actor: User) -> bool:
    """Remove ``user`` from the CoP; returns whether they were a member."""
    if not user_can_act_for(actor, user):
        raise PermissionDenied
    deleted, _detail = CommunityMembership.objects.filter(community=community, user=user).delete()
    invalidate(f"community:{community.pk}", "community:all", f"organisation:{community.host_organisation_id}")
    return bool(deleted)
