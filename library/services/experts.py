"""The experts' roster: members put themselves on it (and take themselves off); coordinators
add people from outside the CoP. Every write checks, validates and is audited (a member's
own opt-in is their own act: not audited, as registering for a meeting is not)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from cop_portal.audit import audit_record

from .. import permissions
from ..models import Expert

PROFILE_FIELDS = ("role", "position", "bio", "bio_en", "topics", "languages", "provinces", "is_listed")
LIST_FIELDS = ("topics", "languages", "provinces")


def _apply(expert: Expert, fields: dict, allowed: tuple[str, ...]) -> None:
    for name, value in fields.items():
        if name not in allowed:
            raise TypeError(f"unknown field: {name}")
        setattr(
            expert, name, Expert.join(value) if name in LIST_FIELDS and not isinstance(value, str) else value
        )


@transaction.atomic
def expert_opt_in(*, actor, **fields) -> Expert:
    """Put ``actor`` on the roster, or change their entry (fields as ``PROFILE_FIELDS``)."""
    if not permissions.user_can_opt_in(actor):
        raise PermissionDenied(permissions.OPT_IN_REFUSAL)
    expert = Expert.objects.select_for_update().filter(user=actor).first() or Expert(
        user=actor, added_by=actor
    )
    _apply(expert, fields, PROFILE_FIELDS)
    expert.organisation_id = actor.organisation_id
    expert.full_clean()
    expert.save()
    return expert


@transaction.atomic
def expert_opt_out(*, actor) -> int:
    """Take ``actor`` off the roster (their entry is deleted)."""
    return Expert.objects.filter(user=actor).delete()[0]


@transaction.atomic
def expert_save(*, expert: Expert, actor) -> Expert:
    """A coordinator adds or changes an entry (the admin's form)."""
    if not permissions.user_can_manage_experts(actor):
        raise PermissionDenied(permissions.MANAGE_EXPERTS_REFUSAL)
    adding = expert.pk is None
    if adding:
        expert.added_by = actor
    expert.full_clean()
    expert.save()
    audit_record(actor=actor, action="expert.add" if adding else "expert.change", obj=expert)
    return expert


@transaction.atomic
def expert_delete(*, expert: Expert, actor) -> None:
    if not permissions.user_can_manage_experts(actor):
        raise PermissionDenied(permissions.MANAGE_EXPERTS_REFUSAL)
    audit_record(actor=actor, action="expert.delete", obj=expert)
    expert.delete()
