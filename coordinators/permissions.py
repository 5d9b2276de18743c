"""Who may do what in the elections: every rule once, asked by the views, the admin, the
services and (as context) the templates.

Hand-written, like ``members.permissions`` (which says why not the ``rules`` package).
Running an election is a back-office right: the Django model permissions the Coordinators
group holds, so the admin and the pages agree on who may advance a phase or withdraw a
nomination.
"""

from __future__ import annotations

from members.permissions import AccessRequiredMixin, user_is_member

from . import messages
from .models import Election

MANAGE_ELECTION = "coordinators.change_election"
MANAGE_NOMINATION = "coordinators.change_nomination"


def user_can_manage_election(user) -> bool:
    """Advance phases, record the drawing of lots, start run-offs."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(MANAGE_ELECTION))


def user_can_withdraw_nomination(user) -> bool:
    """Withdraw a nomination, with a reason, until voting closes."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(MANAGE_NOMINATION))


def user_can_nominate(user) -> bool:
    """Approved members nominate themselves or a colleague."""
    return user_is_member(user)


def user_can_answer_nomination(user, nomination) -> bool:
    """Only the nominee accepts or declines their nomination."""
    return bool(getattr(user, "is_authenticated", False) and nomination.nominee_id == user.pk)


def user_can_vote_for(user, seat) -> bool:
    """Approved members with an organisation vote; of the seat's level if the election says so."""
    if not (user_is_member(user) and user.organisation_id):
        return False
    if seat.election.voter_scope == Election.VoterScope.SEAT_LEVEL:
        return user.organisation.level == seat.level
    return True


# --- view mixins -------------------------------------------------------------------------------


class NominatorRequiredMixin(AccessRequiredMixin):
    """Approved members only; others see why (403)."""

    refusal = messages.NOMINATOR_NOT_MEMBER

    def allowed(self, user) -> bool:
        return user_can_nominate(user)


class ElectionManagerRequiredMixin(AccessRequiredMixin):
    """Holders of the back-office right to run the election (403 for others)."""

    def allowed(self, user) -> bool:
        return user_can_manage_election(user)


class NominationManagerRequiredMixin(AccessRequiredMixin):
    """Holders of the back-office right to withdraw nominations (403 for others)."""

    def allowed(self, user) -> bool:
        return user_can_withdraw_nomination(user)
