"""Who may do what in the library, asked by views, admin, services and templates."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from members.menu import menu_get
from members.models import COORDINATORS_GROUP
from members.permissions import user_is_coordinator, user_is_member
from members.selectors import community_list_focal_of

ADD_REFUSAL = _("Library items are added by coordinators and the focal persons of branch CoPs.")
# The account menu's per-person value the list's "Add an item" button reads (``user_add_role``).
ADD_ROLE = "library_add"
EDIT_REFUSAL = _("Only coordinators and the person who added an item can change it.")


def user_sees_members_only(user) -> bool:
    """Approved members read what is marked for members (as meetings' materials); nobody else."""
    return user_is_member(user)


def user_can_add_item(user) -> bool:
    """Coordinators, and members who are the focal person of an approved branch CoP."""
    if user_is_coordinator(user):
        return bool(user.is_active)
    return user_is_member(user) and community_list_focal_of(user=user).exists()


def user_add_role(user) -> str:
    """Why ``user`` may add items, from the rows alone (kept a minute in the account menu's
    per-person values, ``members.menu``, for the list's "Add an item" button): "coordinator"
    (coordinators' group or superuser: their powers still wait for the second factor),
    "focal" (a member, focal person of an approved branch CoP) or ""."""
    if user.is_superuser or user.groups.filter(name=COORDINATORS_GROUP).exists():
        return "coordinator"
    return "focal" if user_is_member(user) and community_list_focal_of(user=user).exists() else ""


def user_can_add_item_kept(request) -> bool:
    """``user_can_add_item`` for the signed-in person of ``request``, from the role the account
    menu keeps (a change shows within a minute; adding itself asks ``user_can_add_item``)."""
    role = menu_get(request, ADD_ROLE)
    if role == "coordinator":
        return user_can_add_item(request.user)
    return role == "focal" and user_is_member(request.user)


def user_can_edit_item(user, item) -> bool:
    if item is None or not user_can_add_item(user):
        return False
    return user_is_coordinator(user) or item.added_by_id == user.pk


def user_can_read_item(user, item) -> bool:
    return item is not None and (not item.members_only or user_sees_members_only(user))


# --- the experts' roster ---------------------------------------------------------------------

OPT_IN_REFUSAL = _("Approved members can put themselves on the experts' roster.")
MANAGE_EXPERTS_REFUSAL = _("People from outside the CoP are added to the roster by coordinators.")
CONTACT_REFUSAL = _("Approved members can write to the experts through the site.")


def user_can_opt_in(user) -> bool:
    return user_is_member(user)


def user_can_manage_experts(user) -> bool:
    return user_is_coordinator(user) and bool(user.is_active)


def user_can_contact_expert(user, expert) -> bool:
    """Members write to a listed expert other than themselves."""
    return (
        user_is_member(user)
        and expert is not None
        and expert.is_listed
        and expert.user_id != user.pk
        and bool(expert.user_id or expert.email)
    )


# --- following a theme -----------------------------------------------------------------------

FOLLOW_REFUSAL = _("Approved members can follow a theme of the library.")


def user_can_follow_theme(user) -> bool:
    """Members follow themes (their digest may list members-only items)."""
    return user_is_member(user)
