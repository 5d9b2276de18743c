"""Who may do what with meetings, registrations, attendance and convention reports: every
rule once, asked by the views, the admin, the services and (as context) the templates.

Hand-written, like ``members.permissions`` (which says why not the ``rules`` package); the
roles themselves (member, coordinator, organisation contact) are defined there.
"""

from __future__ import annotations

from cop_portal.powers import powers_unlocked
from members.models import Community
from members.permissions import (
    user_can_act_for,
    user_can_manage_branch,
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
    if actor.is_coordinator:
        return True
    if meeting.organiser_id is not None and meeting.organiser_id == actor.pk:
        return powers_unlocked(actor, organiser=True)
    community = meeting.community
    return bool(community is not None and not community.is_root and user_can_manage_branch(actor, community))


def user_can_read_every_email(actor) -> bool:
    """Coordinators and staff exporting from the admin read every registrant's address (for a
    meeting's logistics); others (a branch's focal person, its co-organisers) only the addresses
    their owners show in the directory."""
    return user_is_coordinator(actor) or bool(getattr(actor, "is_staff", False) and actor.is_active)


def user_reads_exact_counts(actor) -> bool:
    """Members and coordinators read the exact counts of people of meetings and visits;
    visitors read them rounded like every public figure (``cop_portal.disclosure``)."""
    return user_is_member(actor) or user_is_coordinator(actor)


def user_sees_exact_counts(actor, meeting) -> bool:
    """``user_reads_exact_counts``, and whoever runs the meeting reads its own exactly."""
    return user_reads_exact_counts(actor) or user_can_manage_meeting(actor, meeting)


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
