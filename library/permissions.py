"""Who may do what in the library, asked by views, admin, services and templates."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from members.permissions import user_is_coordinator, user_is_member
from members.selectors import community_list_focal_of

ADD_REFUSAL = _("Library items are added by coordinators and the focal persons of branch CoPs.")
EDIT_REFUSAL = _("Only coordinators and the person who added an item can change it.")


def user_sees_members_only(user) -> bool:
    """Approved members read what is marked for members (as meetings' materials); nobody else."""
    return user_is_member(user)


def user_can_add_item(user) -> bool:
    """Coordinators, and members who are the focal person of an approved branch CoP."""
    if user_is_coordinator(user):
        return bool(user.is_active)
    return user_is_member(user) and community_list_focal_of(user=user).exists()


def user_can_edit_item(user, item) -> bool:
    if item is None or not user_can_add_item(user):
        return False
    return user_is_coordinator(user) or item.added_by_id == user.pk


def user_can_read_item(user, item) -> bool:
    return item is not None and (not item.members_only or user_sees_members_only(user))
