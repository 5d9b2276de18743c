"""Who may register a branch CoP, see one and name its co-organisers: the rules only the
branch pages and services ask. The predicates every app asks (``user_can_manage_branch``,
``user_can_decide_branch``, ``user_meetings_need_review``) stay in ``members.permissions``,
beside the network's tables."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from members.models import Community
from members.permissions import (
    user_can_manage_branch,
    user_is_contact_of,
    user_is_coordinator,
    user_is_organisation_contact,
)

BRANCH_REGISTER_CONTACTS_ONLY = _(
    "Only an organisation contact can register a branch CoP. Ask a coordinator to name you "
    "a contact of your organisation."
)
NETWORK_COORDINATORS_ONLY = _("Only coordinators can see the branch network.")


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def user_can_register_branch(actor) -> bool:
    """Organisation contacts register branches hosted by their own organisation."""
    return user_is_organisation_contact(actor)


def user_can_see_community(actor, community: Community) -> bool:
    """Approved and closed CoPs are public; a pending or declined one is seen by those concerned."""
    if community.status in (Community.Status.APPROVED, Community.Status.CLOSED):
        return True
    if not _signed_in(actor):
        return False
    if actor.is_coordinator or community.registered_by_id == actor.pk:
        return True
    return user_is_contact_of(actor, community.host_organisation_id)


def user_can_name_organisers(actor, community: Community) -> bool:
    """The focal person (and coordinators) name and remove a branch's co-organisers."""
    if not user_can_manage_branch(actor, community):
        return False
    return actor.is_coordinator or community.focal_person_id == actor.pk


def user_can_see_network(user) -> bool:
    """The network overview (every branch's rhythm, the quiet ones flagged) is the coordinators'."""
    return user_is_coordinator(user)
