"""Messages users see and helpers shared by the services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record

from .. import permissions
from ..reminders.services import notice_enqueue

# --- messages users see (tests import them) --------------------------------------------------
ERROR_NOT_MEMBER = _("Only approved members can register. Your membership must be approved first.")
ERROR_NOT_PUBLISHED = _("This meeting is not open: it has not been published.")
ERROR_CANCELLED = _("This meeting has been cancelled.")
ERROR_REGISTRATION_NOT_OPEN = _("Registration for this meeting has not opened yet.")
ERROR_REGISTRATION_CLOSED = _("Registration for this meeting is closed.")
ERROR_DUPLICATE = _("You are already registered for this meeting.")
ERROR_NOT_YOURS = _("You can only change your own registration.")
ERROR_NOT_COORDINATOR = _("Only coordinators can do this.")
ERROR_CANCEL_REASON = _("Give a reason for cancelling: registrants will read it.")
ERROR_ALREADY_CANCELLED = _("This meeting is already cancelled.")
ERROR_PUBLISH_CANCELLED = _("A cancelled meeting cannot be published again; duplicate it instead.")
ERROR_SERIES_COUNT = _("Schedule between 1 and 24 meetings at a time.")
ERROR_WALK_IN_NAME = _("Choose a member or type the walk-in's full name.")
ERROR_ATTENDANCE_DUPLICATE = _("This person is already recorded as present.")
ERROR_ATTENDANCE_TOO_EARLY = _("Attendance can be recorded only once the meeting has started.")
ERROR_REPORT_NOT_CONTACT = _("Only the contact person of the organisation can submit its progress report.")
ERROR_REPORT_NOT_CONVENTION = _("Progress reports belong to an annual convention.")
ERROR_REPORT_LOCKED = _("This report has been accepted and can no longer be changed.")
ERROR_REPORT_NOT_SCHEDULED = _(
    "The convention of this year is not scheduled yet: save your report as a draft and submit it "
    "once the coordinators announce the convention."
)
ERROR_REPORT_ACCEPT_STATUS = _("Only a submitted report can be accepted; drafts and returned reports cannot.")
ERROR_REPORT_RETURN_STATUS = _("Only a submitted report can be returned for changes.")
ERROR_REPORT_RETURN_NOTES = _("Say what to change: the notes are shown to the report's writer.")
ERROR_REPORT_DUPLICATE = _("Your organisation already has a progress report for this convention.")
ERROR_NOT_MANAGER = _("Only the branch's focal person, its co-organisers and coordinators can do this.")

# Changes to these fields alter the calendar event: SEQUENCE goes up (RFC 5545 §3.8.7.4).
CALENDAR_FIELDS = ("starts_at", "ends_at", "venue", "province", "mode", "online_url", "status")
# Changes to these fields are worth an e-mail to registrants.
NOTICE_FIELDS = ("starts_at", "ends_at", "venue", "province", "mode")
SERIES_MAX = 24


def _require_coordinator(actor) -> None:
    if not permissions.user_can_coordinate_meetings(actor):
        raise PermissionDenied(ERROR_NOT_COORDINATOR)


def _require_manager(meeting, actor) -> None:
    if not permissions.user_can_manage_meeting(actor, meeting):
        raise PermissionDenied(ERROR_NOT_MANAGER)


def _queue_notice(kind: str, meeting_id: int, user_ids) -> None:
    """Queue the notice ``kind`` (``meetings/notices.py``) to ``user_ids`` in the outbox, in
    one write: sent once after commit, never blocking the request on the broker."""
    user_ids = list(user_ids)
    if user_ids:
        notice_enqueue(meeting_id=meeting_id, user_ids=user_ids, kind=kind)


# Never worth an audit line: bookkeeping the save itself sets.


def _children_save(parent, *, parent_field: dict[type, str], saved, deleted, actor) -> None:
    """Save and delete rows edited along with ``parent`` (the admin's inlines, whose forms
    validated them): each row is pinned to ``parent``, and a new upload records its uploader.
    One audit event on the parent names the rows saved and deleted."""
    saved_labels, deleted_labels = [], []
    for row in saved:
        setattr(row, parent_field[type(row)], parent)
        if hasattr(row, "uploaded_by_id") and row.uploaded_by_id is None:
            row.uploaded_by = actor
        row.save()
        saved_labels.append(f"{row._meta.model_name}:{row.pk}")
    for row in deleted:
        if getattr(row, f"{parent_field[type(row)]}_id") == parent.pk:
            deleted_labels.append(f"{row._meta.model_name}:{row.pk}")
            row.delete()
    if saved_labels or deleted_labels:
        audit_record(
            actor=actor,
            action=f"{parent._meta.model_name}.children_save",
            obj=parent,
            changes={"saved": saved_labels, "deleted": deleted_labels},
        )
