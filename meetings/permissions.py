"""Who may do what with meetings, registrations, attendance and convention reports: every
rule once, asked by the views, the admin, the services and (as context) the templates.

Hand-written, like ``members.permissions`` (which says why not the ``rules`` package); the
roles themselves (member, coordinator, organisation contact) are defined there.
"""

from __future__ import annotations

from members.permissions import (
    user_can_act_for,
    user_is_coordinator,
    user_is_member,
    user_is_organisation_contact,
)


def user_can_coordinate_meetings(actor) -> bool:
    """Coordinators publish, cancel, duplicate and schedule meetings and review reports."""
    return user_is_coordinator(actor)


def user_can_manage_meeting(actor, meeting) -> bool:
    """Coordinators and the meeting's organiser see its attendance sheet and take attendance."""
    if not getattr(actor, "is_authenticated", False):
        return False
    return actor.is_coordinator or (meeting.organiser_id is not None and meeting.organiser_id == actor.pk)


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


def user_can_report_progress(user) -> bool:
    """The organisation contact writes and submits the organisation's convention report."""
    return user_is_organisation_contact(user)
