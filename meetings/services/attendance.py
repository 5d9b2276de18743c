"""Attendance: who came, from the sheet (the whole sheet, or one page of it on the branch
meeting pages), the admin and walk-ins."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate

from ..models import Attendance, Meeting, Registration
from ..permissions import user_can_manage_meeting
from ._common import (
    ERROR_ATTENDANCE_DUPLICATE,
    ERROR_ATTENDANCE_TOO_EARLY,
    ERROR_NOT_COORDINATOR,
    ERROR_WALK_IN_NAME,
)


def _attendance_for(meeting: Meeting, user, *, actor, registration=None, **extra) -> Attendance:
    return Attendance(
        meeting=meeting,
        user=user,
        registration=registration,
        full_name=user.get_full_name(),
        organisation_id=user.organisation_id,
        gender=user.gender,
        recorded_by=actor,
        **extra,
    )


def _require_attendance_rights(meeting: Meeting, actor) -> None:
    if not user_can_manage_meeting(actor, meeting):
        raise PermissionDenied(ERROR_NOT_COORDINATOR)
    if not meeting.has_started:
        raise ValidationError(ERROR_ATTENDANCE_TOO_EARLY)


@transaction.atomic
def attendance_mark(*, meeting: Meeting, registrations: Iterable[Registration], actor) -> int:
    """Record the registrants of ``registrations`` as present (idempotent); returns how many
    new attendance rows were written."""
    _require_attendance_rights(meeting, actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    wanted = [
        r for r in registrations if r.meeting_id == meeting.pk and r.status != Registration.Status.CANCELLED
    ]
    already = set(
        Attendance.objects.filter(meeting=meeting, user_id__in=[r.user_id for r in wanted]).values_list(
            "user_id", flat=True
        )
    )
    rows = [
        _attendance_for(meeting, r.user, actor=actor, registration=r)
        for r in wanted
        if r.user_id not in already
    ]
    Attendance.objects.bulk_create(rows)
    if rows:
        audit_record(
            actor=actor,
            action="attendance.mark",
            obj=meeting,
            changes={"present": [row.user_id for row in rows]},
            covers=wanted,
        )
        invalidate(f"meeting:{meeting.pk}", f"community:{meeting.community_id}", "insights")
    return len(rows)


@transaction.atomic
def attendance_record_sheet(
    *,
    meeting: Meeting,
    present_user_ids: Iterable[int],
    actor,
    shown_user_ids: Iterable[int] | None = None,
) -> tuple[int, int]:
    """Make the registrants' attendance match the sheet: ticked are present, unticked are not.

    ``shown_user_ids``: the registrants on the page that was posted (a branch meeting's sheet
    comes a page at a time); registrants on other pages keep what was recorded. None: the
    whole sheet was posted. Walk-ins are left alone. Returns (added, removed).
    """
    _require_attendance_rights(meeting, actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    registrations = list(
        meeting.registrations.exclude(status=Registration.Status.CANCELLED).select_related("user")
    )
    present = {int(pk) for pk in present_user_ids}
    registered_ids = {r.user_id for r in registrations}
    recorded = set(
        Attendance.objects.filter(meeting=meeting, user_id__in=registered_ids).values_list(
            "user_id", flat=True
        )
    )
    if shown_user_ids is not None:
        shown = {int(pk) for pk in shown_user_ids}
        present = (recorded - shown) | (present & shown)
    to_add = [
        _attendance_for(meeting, r.user, actor=actor, registration=r)
        for r in registrations
        if r.user_id in present and r.user_id not in recorded
    ]
    Attendance.objects.bulk_create(to_add)
    absent = sorted((registered_ids - present) & recorded)
    removed, _detail = Attendance.objects.filter(
        meeting=meeting, user_id__in=absent, is_walk_in=False
    ).delete()
    if to_add or removed:
        audit_record(
            actor=actor,
            action="attendance.sheet",
            obj=meeting,
            changes={"present": [row.user_id for row in to_add], "absent": absent},
        )
        invalidate(f"meeting:{meeting.pk}", f"community:{meeting.community_id}", "insights")
    return len(to_add), removed


@transaction.atomic
def attendance_add_walk_in(
    *,
    meeting: Meeting,
    actor,
    user=None,
    full_name: str = "",
    organisation=None,
    gender: str = "",
    joined_online: bool = False,
) -> Attendance:
    """Record someone who came without registering: a member, or a named guest."""
    _require_attendance_rights(meeting, actor)
    if user is not None:
        attendance = _attendance_for(meeting, user, actor=actor, is_walk_in=True, joined_online=joined_online)
    else:
        if not (full_name or "").strip():
            raise ValidationError(ERROR_WALK_IN_NAME)
        attendance = Attendance(
            meeting=meeting,
            full_name=full_name.strip(),
            organisation=organisation,
            gender=gender or "",
            is_walk_in=True,
            joined_online=joined_online,
            recorded_by=actor,
        )
    attendance.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            attendance.save()
    except IntegrityError as exc:
        raise ValidationError(ERROR_ATTENDANCE_DUPLICATE) from exc
    audit_record(
        actor=actor,
        action="attendance.walk_in",
        obj=meeting,
        changes={"attendance": attendance.pk, "user": attendance.user_id, "full_name": attendance.full_name},
    )
    invalidate(f"meeting:{meeting.pk}", f"community:{meeting.community_id}", "insights")
    return attendance
