"""Who may do what with proposals: list, propose, see, support, answer, edit and hide them.
Every rule once, asked by the views, the services and (as context) the templates."""

from __future__ import annotations


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def user_can_list_proposals(user) -> bool:
    return _signed_in(user) and (user.is_member or user.is_coordinator)


def user_can_propose(user) -> bool:
    return _signed_in(user) and user.is_member


def user_can_see_proposal(user, proposal) -> bool:
    if not user_can_list_proposals(user):
        return False
    if not proposal.is_hidden:
        return True
    return user.is_coordinator or proposal.proposer_id == user.pk


def user_can_support_proposal(user, proposal) -> bool:
    return user_can_propose(user) and proposal.is_supportable and proposal.proposer_id != user.pk


def user_can_answer_proposal(user, proposal) -> bool:
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


def user_can_edit_proposal(user, proposal) -> bool:
    """The proposer edits their proposal until it has an answer, and not while it is hidden."""
    return (
        user_can_propose(user)
        and proposal.proposer_id == user.pk
        and not proposal.is_hidden
        and proposal.status == proposal.Status.OPEN
        and proposal.answered_at is None
    )


def user_can_hide_proposal(user, proposal) -> bool:
    return _signed_in(user) and user.is_coordinator
