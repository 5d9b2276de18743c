"""Writes of a branch meeting's own pages (attendance, materials, minutes): each checks
``user_can_manage_meeting`` and leaves an audit record in the same transaction.

Attendance goes through the site's attendance services; these add the page's scope (only
the registrants shown on one page of the sheet change) and the audit trail."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record

from ..models import Attendance, Material, Meeting, Registration
from ..permissions import user_can_manage_meeting
from ..services import attendance_add_walk_in, attendance_record_sheet

ERROR_NOT_MANAGER = _("Only the branch's focal person, its co-organisers and coordinators can do this.")
ERROR_MINUTES_EMPTY = _("Write the minutes in Mongolian or in English.")


def _require_manager(meeting: Meeting, actor) -> None:
    if not user_can_manage_meeting(actor, meeting):
        raise PermissionDenied(ERROR_NOT_MANAGER)


@transaction.atomic
def sheet_attendance_save(
    *, meeting: Meeting, actor, shown_user_ids: Iterable[int], present_user_ids: Iterable[int]
) -> tuple[int, int]:
    """Record the registrants shown on one page of the sheet: ticked present, unticked not;
    registrants on other pages keep what was recorded. Returns (added, removed)."""
    _require_manager(meeting, actor)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    shown = {int(pk) for pk in shown_user_ids}
    ticked = {int(pk) for pk in present_user_ids} & shown
    registered = Registration.objects.filter(meeting=meeting).exclude(status=Registration.Status.CANCELLED)
    recorded = set(
        Attendance.objects.filter(
            meeting=meeting, user_id__in=registered.values("user_id"), is_walk_in=False
        ).values_list("user_id", flat=True)
    )
    # The attendance service records the audit event itself.
    return attendance_record_sheet(meeting=meeting, present_user_ids=(recorded - shown) | ticked, actor=actor)


@transaction.atomic
def sheet_walk_in_add(*, meeting: Meeting, actor, **person) -> Attendance:
    """A walk-in (a member or a named guest) through the attendance service, which audits it."""
    _require_manager(meeting, actor)
    return attendance_add_walk_in(meeting=meeting, actor=actor, **person)


@transaction.atomic
def material_add(*, meeting: Meeting, actor, title: str, file, members_only: bool) -> Material:
    """Attach an uploaded file (validated by content) to the meeting."""
    _require_manager(meeting, actor)
    material = Material(meeting=meeting, title=title, file=file, members_only=members_only, uploaded_by=actor)
    material.full_clean()
    material.save()
    audit_record(
        actor=actor,
        action="meeting.material_add",
        obj=meeting,
        changes={"material": [None, title], "members_only": [None, members_only]},
    )
    return material


@transaction.atomic
def material_remove(*, material: Material, actor) -> None:
    """Delete the material; its file leaves the storage once the deletion is committed."""
    meeting = material.meeting
    _require_manager(meeting, actor)
    storage, name = material.file.storage, material.file.name
    title = material.title
    material.delete()
    audit_record(
        actor=actor, action="meeting.material_remove", obj=meeting, changes={"material": [title, None]}
    )
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def minutes_publish(*, meeting: Meeting, actor, minutes_mn: str, minutes_en: str) -> Meeting:
    """Save the minutes and show them on the meeting's page (the page shows whatever minutes
    a meeting has); the first save stamps ``minutes_published_at``, later edits keep it."""
    _require_manager(meeting, actor)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    minutes_mn, minutes_en = (minutes_mn or "").strip(), (minutes_en or "").strip()
    if not (minutes_mn or minutes_en):
        raise ValidationError(ERROR_MINUTES_EMPTY)
    before = (meeting.minutes_mn, meeting.minutes_en, meeting.minutes_published_at)
    meeting.minutes_mn, meeting.minutes_en = minutes_mn, minutes_en
    if meeting.minutes_published_at is None:
        meeting.minutes_published_at = timezone.now()
    meeting.save(update_fields=["minutes_mn", "minutes_en", "minutes_published_at", "updated_at"])
    changes = {}
    for index, field in enumerate(("minutes_mn", "minutes_en", "minutes_published_at")):
        if before[index] != getattr(meeting, field):
            changes[field] = [before[index], getattr(meeting, field)]
    if changes:
        audit_record(actor=actor, action="meeting.minutes_publish", obj=meeting, changes=changes)
    return meeting
