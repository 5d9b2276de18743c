"""Who may do what with meetings, registrations, attendance and convention reports: every
rule once, asked by the views, the admin, the services and (as context) the templates.

Hand-written, like ``members.permissions`` (which says why not the ``rules`` package); the
roles themselves (member, coordinator, organisation contact) are defined there.
"""

from __future__ import annotations

from members.models import Community
from members.permissions import (
    user_can_act_for,
    user_can_manage_branch,
    user_can_name_organisers,  # noqa: F401 (asked by the branch pages through this module)
    user_is_coordinator,
    user_is_member,
    user_is_organisation_contact,
    user_meetings_need_review,
)


def user_can_coordinate_meetings(actor) -> bool:
    """Coordinators publish, cancel, duplicate and schedule meetings and review reports."""
    return user_is_coordinator(actor)


def user_can_manage_meeting(actor, meeting) -> bool:
    """Coordinators and the meeting's organiser see its attendance sheet and take attendance;
    a branch's focal person and co-organisers run every meeting of their branch."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if actor.is_coordinator or (meeting.organiser_id is not None and meeting.organiser_id == actor.pk):
        return True
    community = meeting.community
    return bool(community is not None and not community.is_root and user_can_manage_branch(actor, community))


def user_can_run_meetings_of(actor, community) -> bool:
    """Create, change, publish, cancel and schedule the meetings of ``community``: coordinators
    everywhere; a branch's focal person and co-organisers in their branch (and those below it),
    never the root CoP's or another branch's. Unlike ``user_can_manage_meeting``, being named
    a meeting's organiser grants none of this."""
    return user_can_manage_branch(actor, community)


def user_can_run_meeting(actor, meeting) -> bool:
    return user_can_run_meetings_of(actor, meeting.community)


def user_meeting_publish_needs_review(actor, meeting) -> bool:
    """Publishing a meeting of a branch that chose review only submits it to the coordinators."""
    return user_meetings_need_review(actor, meeting.community)


def user_can_register(actor, user) -> bool:
    """People register themselves, never someone else."""
    return user_can_act_for(actor, user)


def user_may_attend(user) -> bool:
    """Only approved members take a seat at a meeting."""
    return user_is_member(user)


def user_can_cancel_registration(actor, registration) -> bool:
    """The registrant cancels their own registration; a coordinator anyone's."""
    if not getattr(actor, "is_authenticated", False):
        return False
    return actor.pk == registration.user_id or actor.is_coordinator


def user_can_see_material(user, material) -> bool:
    """Members-only materials are for approved members; the rest is public."""
    return not material.members_only or user_is_member(user)


def user_can_report_progress(user, *, focal_of=()) -> bool:
    """The organisation contact writes and submits the organisation's convention report; so
    does the focal person of an approved branch CoP the organisation hosts, since the report
    covers the branch's year. ``focal_of``: the branches ``user`` is the focal person of
    (``members.selectors.community_list_focal_of``)."""
    if user_is_organisation_contact(user):
        return True
    return user_is_member(user) and any(
        branch.host_organisation_id == user.organisation_id
        and branch.status == Community.Status.APPROVED
        and branch.focal_person_id == user.pk
        for branch in focal_of
    )


# --- proposals ---------------------------------------------------------------------------------


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


# --- feedback ----------------------------------------------------------------------------------


def user_can_give_feedback(actor, meeting, *, user=None) -> bool:
    """People give their own answer (``user``: whose it is, by default the actor), and only
    about a meeting they were recorded as present at (signed in, or through their signed link).
    When it is open is the service's rule, not a permission."""
    from .models import Attendance

    user = actor if user is None else user
    if user is None or not user_can_act_for(actor, user):
        return False
    return Attendance.objects.filter(meeting=meeting, user_id=user.pk).exists()


def user_can_see_feedback_results(user, meeting) -> bool:
    """Coordinators, the meeting's organiser and the people running its branch read the answers."""
    return user_can_manage_meeting(user, meeting)


def user_can_turn_feedback_into_proposal(user, meeting) -> bool:
    """Whoever reads the answers may open a proposal from the topics one of them wanted."""
    return user_can_see_feedback_results(user, meeting)
