"""Who may do what with audits, actions and results: every rule once, asked by the views,
the admin, the services and the templates. Roles come from ``members.permissions``."""

from __future__ import annotations

from members.permissions import user_is_contact_of, user_is_coordinator, user_is_member

from .models import Action, Audit


def user_can_start_audit(user, organisation) -> bool:
    """The organisation's contact (or a coordinator) opens its audit for a year."""
    return user_is_coordinator(user) or user_is_contact_of(user, organisation.pk)


def user_can_name_audit_lead(user, audit: Audit) -> bool:
    return user_can_start_audit(user, audit.organisation) and audit.status in Audit.OPEN


def user_can_edit_audit(user, audit: Audit) -> bool:
    """The contact or the named audit lead record and submit a draft or returned audit."""
    if audit.status not in Audit.OPEN or not user_is_member(user):
        return False
    return user_is_contact_of(user, audit.organisation_id) or audit.lead_id == user.pk


def user_can_review_audit(user, audit: Audit) -> bool:
    """A coordinator, or the peer reviewer named for this audit, accepts or returns it."""
    if audit.status != Audit.Status.SUBMITTED:
        return False
    if user_is_coordinator(user):
        return True
    return user_is_member(user) and audit.reviewer_id == user.pk


def user_can_name_reviewer(user) -> bool:
    return user_is_coordinator(user)


def user_can_correct_audit(user, audit: Audit) -> bool:
    """An accepted audit is frozen: its contact (or a coordinator) opens a correction."""
    if audit.status != Audit.Status.ACCEPTED:
        return False
    return user_is_coordinator(user) or user_is_contact_of(user, audit.organisation_id)


def user_can_see_audit(user, audit: Audit) -> bool:
    """Coordinators, members of the organisation and its peer reviewer see an audit whole."""
    if user_is_coordinator(user):
        return True
    if not user_is_member(user):
        return False
    return user.organisation_id == audit.organisation_id or audit.reviewer_id == user.pk


def user_can_see_organisation_detail(user, organisation) -> bool:
    """Members of the organisation and coordinators see its ratings and actions one by one."""
    return user_is_coordinator(user) or (user_is_member(user) and user.organisation_id == organisation.pk)


def user_can_list_actions(user) -> bool:
    return user_is_member(user) or user_is_coordinator(user)


def user_can_see_action(user, action: Action, organisation_ids: set[int]) -> bool:
    """Coordinators, the owner and members of one of its organisations (ids passed in)."""
    if user_is_coordinator(user):
        return True
    if not user_is_member(user):
        return False
    return action.owner_id == user.pk or user.organisation_id in organisation_ids


def user_can_update_action(user, action: Action, organisation_ids: set[int]) -> bool:
    """The owner, a contact of one of its organisations, or a coordinator records progress."""
    if user_is_coordinator(user):
        return True
    if not user_is_member(user):
        return False
    if action.owner_id == user.pk:
        return True
    return bool(user.is_organisation_contact and user.organisation_id in organisation_ids)


def user_can_export_ratings(user) -> bool:
    return user_is_coordinator(user)


def user_can_create_action(user, organisation_ids: set[int]) -> bool:
    """Coordinators for any organisations; a contact for their own organisation only."""
    if user_is_coordinator(user):
        return True
    return bool(organisation_ids) and all(user_is_contact_of(user, pk) for pk in organisation_ids)
