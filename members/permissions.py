"""Who may do what with people, organisations and CoPs: every rule once.

Views, the admin, services and templates (through ``{% load access %}``) all ask these
functions, so a rule changes in one place. ``meetings.permissions`` and
``coordinators.permissions`` build on the role predicates here.

Hand-written rather than the ``rules`` package: every predicate here is a one-line test of
the user's own row or of the object passed in, called with an explicit actor from services
inside their transaction (often on a row just locked with ``SELECT … FOR UPDATE``). ``rules``
would add an authentication backend that changes what ``user.has_perm`` answers in the admin,
where the coordinators' Django group permissions already decide access, and a second registry
of names to keep in step with these functions; it would not carry the refusal message a
service raises. Plain functions are imported, type-checked and found with grep.

``User.is_coordinator`` stays on the model as the cached Coordinators-group lookup; the
predicates here are what callers ask. Predicates never query beyond that lookup; they
take what they judge as arguments. The view mixins at the end refuse in the one way the site
refuses: ``PermissionDenied`` with a message, rendered by ``cop_portal.errors.refusal``.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from cop_portal.errors import NOT_ALLOWED
from cop_portal.powers import powers_unlocked

from .models import Community, User

MEMBERS_ONLY = _("This page is for approved members. Apply to join from your profile.")
CONTACTS_ONLY = _("This page is for organisation contacts and coordinators.")

# --- roles -------------------------------------------------------------------------------------


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def user_is_member(user) -> bool:
    """A signed-in, active, approved member."""
    return _signed_in(user) and user.is_member


def user_is_coordinator(user) -> bool:
    """A signed-in coordinator (or superuser), whatever their membership status."""
    return _signed_in(user) and user.is_coordinator


def user_is_organisation_contact(user) -> bool:
    """An approved member named focal point of their organisation, with the second factor their
    contact's rights wait for (``cop_portal.powers``)."""
    return bool(
        user_is_member(user)
        and user.is_organisation_contact
        and user.organisation_id
        and powers_unlocked(user, organiser=True)
    )


def user_is_contact_of(user, organisation_id: int | None) -> bool:
    """The contact of this very organisation."""
    return user_is_organisation_contact(user) and organisation_id == user.organisation_id


# --- membership --------------------------------------------------------------------------------


def user_can_apply(user) -> bool:
    """New and declined people may (re-)apply for membership."""
    return _signed_in(user) and user.status in (User.Status.NEW, User.Status.DECLINED)


def user_can_act_for(actor, user) -> bool:
    """People change their own profile, application, preferences and branch memberships."""
    return _signed_in(actor) and actor.pk == user.pk


def user_can_list_applications(user) -> bool:
    """Coordinators see every pending application; organisation contacts their organisation's."""
    return user_is_organisation_contact(user) or user_is_coordinator(user)


def user_can_decide_membership(actor, person) -> bool:
    """Coordinators decide for anyone; an organisation contact for their organisation only."""
    if not _signed_in(actor) or not actor.is_active:
        return False
    return actor.is_coordinator or user_is_contact_of(actor, person.organisation_id)


def user_admin_organisation_scope(user) -> int | None:
    """The organisation a non-coordinator admin user is limited to (None: unrestricted)."""
    if user_is_coordinator(user):
        return None
    return user.organisation_id or -1


# --- branch CoPs (asked by every app; the branches app's own rules are in branches.permissions) --


def user_can_decide_branch(actor) -> bool:
    """Active coordinators approve, decline and close branches, name contacts and import people."""
    return user_is_coordinator(actor) and actor.is_active


def user_can_manage_branch(actor, community: Community) -> bool:
    """Coordinators run every CoP; a branch's focal person and co-organisers run their branch
    and the branches under it (``Community.manager_ids``), while it is approved. The root CoP
    is the coordinators' alone."""
    if not _signed_in(actor) or not actor.is_active:
        return False
    if actor.is_coordinator:
        return True
    if community is None or community.is_root or community.status != Community.Status.APPROVED:
        return False
    return (
        user_is_member(actor) and actor.pk in community.manager_ids and powers_unlocked(actor, organiser=True)
    )


def user_meetings_need_review(actor, community: Community) -> bool:
    """A branch that chose review has its meetings published by a coordinator, not by itself."""
    return bool(community is not None and community.meetings_reviewed and not user_is_coordinator(actor))


# --- view mixins -------------------------------------------------------------------------------


class AccessRequiredMixin(LoginRequiredMixin):
    """Visitors sign in first; signed-in people for whom ``allowed`` fails get the refusal
    page (403) saying ``refusal``."""

    refusal = NOT_ALLOWED

    def allowed(self, user) -> bool:
        return True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.allowed(request.user):
            raise PermissionDenied(self.refusal)
        return super().dispatch(request, *args, **kwargs)


class MemberRequiredMixin(AccessRequiredMixin):
    """Signed-in approved members only; others see why (403)."""

    refusal = MEMBERS_ONLY

    def allowed(self, user) -> bool:
        return user_is_member(user)
