"""Registrations: confirmed seats, the first-come waitlist and promotion."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate

from .. import permissions
from ..models import Meeting, Registration
from ._common import (
    ERROR_CANCELLED,
    ERROR_DUPLICATE,
    ERROR_NOT_MEMBER,
    ERROR_NOT_PUBLISHED,
    ERROR_NOT_YOURS,
    ERROR_REGISTRATION_CLOSED,
    ERROR_REGISTRATION_NOT_OPEN,
    _queue_notice,
)


def registration_check_open(meeting: Meeting, now: dt.datetime | None = None) -> None:
    """Raise ``ValidationError`` unless members may register for ``meeting`` now."""
    now = now or timezone.now()
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(ERROR_CANCELLED)
    if meeting.status != Meeting.Status.PUBLISHED:
        raise ValidationError(ERROR_NOT_PUBLISHED)
    if meeting.registration_opens_at and now < meeting.registration_opens_at:
        raise ValidationError(ERROR_REGISTRATION_NOT_OPEN)
    closes = meeting.registration_closes_at or meeting.starts_at
    if now >= closes:
        raise ValidationError(ERROR_REGISTRATION_CLOSED)


def _confirmed_count(meeting: Meeting) -> int:
    return Registration.objects.filter(meeting=meeting, status=Registration.Status.CONFIRMED).count()


@transaction.atomic
def rsvp_create(*, meeting: Meeting, user, actor) -> Registration:
    """Register ``user``: a confirmed seat while seats remain, else the end of the waitlist.

    The meeting row is locked for the whole decision, so concurrent requests queue up
    and capacity can never be exceeded; registering twice returns the same registration.
    """
    if not permissions.user_can_register(actor, user):
        raise PermissionDenied(ERROR_NOT_YOURS)
    if not permissions.user_may_attend(user):
        raise PermissionDenied(ERROR_NOT_MEMBER)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    registration_check_open(locked)
    existing = Registration.objects.filter(meeting=locked, user=user).first()
    if existing is not None and existing.status != Registration.Status.CANCELLED:
        return existing
    now = timezone.now()
    waitlist_exists = Registration.objects.filter(
        meeting=locked, status=Registration.Status.WAITLISTED
    ).exists()
    has_seat = locked.capacity is None or (_confirmed_count(locked) < locked.capacity and not waitlist_exists)
    registration = existing or Registration(meeting=locked, user=user)
    registration.status = Registration.Status.CONFIRMED if has_seat else Registration.Status.WAITLISTED
    registration.queued_at = now
    registration.confirmed_at = now if has_seat else None
    registration.promoted_at = None
    registration.cancelled_at = None
    registration.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:
        raise ValidationError(ERROR_DUPLICATE) from exc
    invalidate(f"meeting:{locked.pk}", "seats", f"member:{user.pk}")
    if has_seat:
        _queue_notice("meeting_confirmed", locked.pk, [user.pk])
    return registration


def _promote_waitlist(meeting: Meeting) -> list[Registration]:
    """Give free seats to the first in line, in (queued_at, id) order; caller holds the lock."""
    waiting = Registration.objects.filter(meeting=meeting, status=Registration.Status.WAITLISTED).order_by(
        "queued_at", "id"
    )
    free = waiting.count() if meeting.capacity is None else meeting.capacity - _confirmed_count(meeting)
    if free <= 0 or meeting.status != Meeting.Status.PUBLISHED or meeting.is_past:
        return []
    promoted = list(waiting.select_for_update()[:free])
    now = timezone.now()
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.promoted_at = now
        registration.save(update_fields=["status", "confirmed_at", "promoted_at", "updated_at"])
    invalidate(f"meeting:{meeting.pk}", "seats", *(f"member:{r.user_id}" for r in promoted))
    _queue_notice("meeting_promoted", meeting.pk, [r.user_id for r in promoted])
    return promoted


@transaction.atomic
def rsvp_cancel(*, registration: Registration, actor) -> list[Registration]:
    """Cancel a registration (idempotent) and promote the first waitlisted people into the
    seats that freed up; returns the promoted registrations."""
    if not permissions.user_can_cancel_registration(actor, registration):
        raise PermissionDenied(ERROR_NOT_YOURS)
    # Lock order: meeting, then registration, as in rsvp_create.
    meeting = Meeting.objects.select_for_update().get(pk=registration.meeting_id)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status == Registration.Status.CANCELLED:
        return []
    previous_status = locked.status
    locked.status = Registration.Status.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["status", "cancelled_at", "updated_at"])
    registration.status, registration.cancelled_at = locked.status, locked.cancelled_at
    invalidate(f"meeting:{meeting.pk}", "seats", f"member:{locked.user_id}")
    if getattr(actor, "pk", None) != locked.user_id:  # one's own cancellation is a member's act, not audited
        audit_record(
            actor=actor,
            action="registration.cancel",
            obj=locked,
            changes={"status": [previous_status, locked.status]},
        )
    return _promote_waitlist(meeting)
