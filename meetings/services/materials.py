"""A meeting's materials and minutes, written on the site by the people who run it (the
branch meeting pages): each checks ``user_can_manage_meeting`` and leaves an audit record in
the same transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate

from ..models import Material, Meeting
from ._common import _require_manager

ERROR_MINUTES_EMPTY = _("Write the minutes in Mongolian or in English.")


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
    invalidate(f"meeting:{meeting.pk}", f"community:{meeting.community_id}")
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
    invalidate(f"meeting:{meeting.pk}", f"community:{meeting.community_id}")
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
        invalidate(f"meeting:{meeting.pk}", f"community:{meeting.community_id}")
    return meeting
