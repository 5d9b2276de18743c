"""The experts' roster: members put themselves on it (and take themselves off); coordinators
add people from outside the CoP. Every write checks, validates and is audited (a member's
own opt-in is their own act: not audited, as registering for a meeting is not)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record
from notices.services import notify

from .. import permissions
from ..models import Expert, ExpertMessage

CONTACT_DAILY_LIMIT = 5
MESSAGE_MIN, MESSAGE_MAX = 20, 3000
ERROR_DAILY_LIMIT = _(
    "You have written to %(limit)s experts in the last 24 hours: please try again tomorrow."
)
ERROR_MESSAGE_LENGTH = _("Write between %(min)s and %(max)s characters.")

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


@transaction.atomic
def expert_contact(*, expert: Expert, actor, message: str, now=None) -> ExpertMessage:
    """Relay ``message`` from a member to an expert by e-mail, neither address shown on the
    site; at most ``CONTACT_DAILY_LIMIT`` a day per member; audited."""
    if not permissions.user_can_contact_expert(actor, expert):
        raise PermissionDenied(permissions.CONTACT_REFUSAL)
    message = (message or "").strip()
    if not MESSAGE_MIN <= len(message) <= MESSAGE_MAX:
        raise ValidationError(ERROR_MESSAGE_LENGTH, params={"min": MESSAGE_MIN, "max": MESSAGE_MAX})
    now = now or timezone.now()
    # One sender at a time: the count below and the new row cannot race past the limit.
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
    sent = ExpertMessage.objects.filter(sender=actor, created_at__gt=now - dt.timedelta(days=1)).count()
    if sent >= CONTACT_DAILY_LIMIT:
        raise ValidationError(ERROR_DAILY_LIMIT, code="limit", params={"limit": CONTACT_DAILY_LIMIT})
    relayed = ExpertMessage.objects.create(expert=expert, sender=actor)
    context = {
        "expert_name": expert.display_name,
        "sender_name": actor.full_name or actor.email,
        "sender_organisation": str(actor.organisation) if actor.organisation_id else "",
        "sender_email": actor.email,
        "message": message,
    }
    key = f"expert-message:{relayed.pk}"
    if expert.user_id:
        notify("expert_message", recipients=[expert.user_id], key=key, context=context)
    else:
        notify(
            "expert_message_outside", recipients=[actor.pk], key=key, context={**context, "to": expert.email}
        )
    audit_record(actor=actor, action="expert.contact", obj=expert, changes={"message": relayed.pk})
    return relayed
