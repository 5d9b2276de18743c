"""Who may do what with proposals (moves into meetings/permissions.py with the refactor)."""

from __future__ import annotations

from .models import Proposal


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def user_can_list_proposals(user) -> bool:
    return _signed_in(user) and (user.is_member or user.is_coordinator)


def user_can_propose(user) -> bool:
    return _signed_in(user) and user.is_member


def user_can_see_proposal(user, proposal: Proposal) -> bool:
    if not user_can_list_proposals(user):
        return False
    if not proposal.is_hidden:
        return True
    return user.is_coordinator or proposal.proposer_id == user.pk


def user_can_support_proposal(user, proposal: Proposal) -> bool:
    return user_can_propose(user) and proposal.is_supportable and proposal.proposer_id != user.pk


def user_can_answer_proposal(user, proposal: Proposal) -> bool:
    """Coordinators answer every proposal; a branch's focal person those addressed to the branch."""
    if not _signed_in(user) or proposal.is_hidden:
        return False
    if user.is_coordinator:
        return True
    community = proposal.community
    return (
        community is not None
        and community.focal_person_id is not None
        and community.focal_person_id == user.pk
    )


def user_can_hide_proposal(user, proposal: Proposal) -> bool:
    return _signed_in(user) and user.is_coordinator
