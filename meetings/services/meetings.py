"""Publishing, changing, cancelling, duplicating and scheduling meetings."""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate

from .. import permissions
from ..models import AgendaItem, JointPlanItem, Material, Meeting, Registration
from ..reminders.services import branch_announcement_enqueue
from ._common import (
    CALENDAR_FIELDS,
    ERROR_ALREADY_CANCELLED,
    ERROR_CANCEL_REASON,
    ERROR_PUBLISH_CANCELLED,
    ERROR_SERIES_COUNT,
    NOTICE_FIELDS,
    SERIES_MAX,
    _children_save,
    _queue_notice,
)
from .registrations import _promote_waitlist
from .review import (
    _require_runs,
    changes_of,
    community_of,
    hold_for_review,
    review_published,
    review_requested,
    submit_for_review,
)


@transaction.atomic
def meeting_save(*, meeting: Meeting, actor) -> Meeting:
    """Create or update ``meeting``; bump SEQUENCE when its time, place or status changed,
    tell registrants about a new time or place, and fill seats a larger capacity frees.
    Publishing a meeting of a branch under review submits it to the coordinators instead."""
    _require_runs(actor, community_of(meeting))
    meeting.full_clean()
    previous = None
    if meeting.pk:
        previous = Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    if previous is not None and previous.community_id != meeting.community_id:
        _require_runs(actor, previous.community)  # nor move someone else's meeting in
    submitted = hold_for_review(meeting, previous, actor)
    if previous is not None:
        changed = {f for f in CALENDAR_FIELDS if getattr(previous, f) != getattr(meeting, f)}
        if changed:
            meeting.sequence = previous.sequence + 1
        else:
            meeting.sequence = previous.sequence
    else:
        changed = set()
        if meeting.organiser_id is None:
            meeting.organiser = actor
    if meeting.status == Meeting.Status.PUBLISHED and meeting.published_at is None:
        meeting.published_at = timezone.now()
    newly_cancelled = (
        previous is not None
        and previous.status == Meeting.Status.PUBLISHED
        and meeting.status == Meeting.Status.CANCELLED
    )
    if newly_cancelled:
        meeting.cancelled_at = timezone.now()
    meeting.save()
    action = "meeting.create" if previous is None else "meeting.change"
    audit_record(actor=actor, action=action, obj=meeting, changes=changes_of(previous, meeting))
    invalidate(f"meeting:{meeting.pk}", "feed:all", "seats", "insights")
    if submitted:
        review_requested(meeting, actor)
    if (
        previous is not None
        and previous.status == Meeting.Status.REVIEW
        and meeting.status == Meeting.Status.PUBLISHED
    ):
        review_published(meeting, actor)
    if newly_cancelled:
        # Cancelled from the edit form rather than the action: people must still be told.
        _queue_notice("meeting_cancelled", meeting.pk, _notified_user_ids(meeting))
        return meeting
    if previous is not None and meeting.status == Meeting.Status.PUBLISHED and not meeting.is_past:
        if changed & set(NOTICE_FIELDS):
            _queue_notice("meeting_changed", meeting.pk, _notified_user_ids(meeting))
        _promote_waitlist(meeting)
    return meeting


@transaction.atomic
def meeting_publish(*, meeting: Meeting, actor) -> bool:
    """Publish a draft (idempotent); returns whether it changed. A meeting of a branch that
    chose review is submitted to the coordinators instead (see ``meeting.status``)."""
    _require_runs(actor, meeting.community)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status == Meeting.Status.CANCELLED:
        raise ValidationError(ERROR_PUBLISH_CANCELLED)
    if locked.status == Meeting.Status.PUBLISHED:
        return False
    locked.community = meeting.community
    if permissions.user_meeting_publish_needs_review(actor, locked):
        changed = submit_for_review(locked, actor)
        meeting.status = locked.status
        return changed
    old_status = locked.status
    locked.status = Meeting.Status.PUBLISHED
    locked.published_at = locked.published_at or timezone.now()
    locked.sequence += 1
    locked.save(update_fields=["status", "published_at", "sequence", "updated_at"])
    audit_record(
        actor=actor, action="meeting.publish", obj=locked, changes={"status": [old_status, locked.status]}
    )
    invalidate(f"meeting:{locked.pk}", "feed:all", "seats", "insights")
    meeting.status, meeting.published_at, meeting.sequence = (
        locked.status,
        locked.published_at,
        locked.sequence,
    )
    if old_status == Meeting.Status.REVIEW:
        review_published(locked, actor)
    branch_announcement_enqueue(meeting_id=locked.pk)  # followers of a branch hear of it once
    return True


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor, reason: str) -> int:
    """Cancel ``meeting`` with a reason and tell everyone registered or waitlisted.

    Returns the number of people notified. Registrations are kept (who had signed up
    stays known); the calendar event becomes STATUS:CANCELLED with a higher SEQUENCE.
    """
    _require_runs(actor, meeting.community)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(ERROR_CANCEL_REASON)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status == Meeting.Status.CANCELLED:
        raise ValidationError(ERROR_ALREADY_CANCELLED)
    was_published = locked.status == Meeting.Status.PUBLISHED
    old_status = locked.status
    locked.status = Meeting.Status.CANCELLED
    locked.cancellation_reason = reason
    locked.cancelled_at = timezone.now()
    locked.sequence += 1
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action="meeting.cancel",
        obj=locked,
        changes={"status": [old_status, locked.status], "cancellation_reason": ["", reason]},
    )
    invalidate(f"meeting:{locked.pk}", "feed:all", "seats", "insights")
    meeting.status, meeting.sequence = locked.status, locked.sequence
    meeting.cancellation_reason, meeting.cancelled_at = locked.cancellation_reason, locked.cancelled_at
    if not was_published:
        return 0
    user_ids = _notified_user_ids(locked)
    _queue_notice("meeting_cancelled", locked.pk, user_ids)
    return len(user_ids)


def _notified_user_ids(meeting: Meeting) -> list[int]:
    """Everyone registered or waiting (not those who cancelled) hears of a change."""
    return list(
        meeting.registrations.exclude(status=Registration.Status.CANCELLED).values_list("user_id", flat=True)
    )


def _copy_meeting(origin: Meeting, *, starts_at: dt.datetime, actor, series: bool) -> Meeting:
    shift = starts_at - origin.starts_at
    copy = Meeting(
        title_mn=origin.title_mn,
        title_en=origin.title_en,
        description_mn=origin.description_mn,
        description_en=origin.description_en,
        format=origin.format,
        community=origin.community,
        host_organisation=origin.host_organisation,
        organiser=origin.organiser or actor,
        starts_at=starts_at,
        ends_at=origin.ends_at + shift,
        mode=origin.mode,
        venue=origin.venue,
        province=origin.province,
        online_url=origin.online_url,
        capacity=origin.capacity,
        registration_opens_at=origin.registration_opens_at + shift if origin.registration_opens_at else None,
        registration_closes_at=origin.registration_closes_at + shift
        if origin.registration_closes_at
        else None,
        status=Meeting.Status.DRAFT,
        reminders_enabled=origin.reminders_enabled,
        reminder_offsets_hours=list(origin.reminder_offsets_hours or []),
        reminder_message=origin.reminder_message,
        series_origin=(origin.series_origin or origin) if series else None,
    )
    copy.full_clean()
    copy.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=copy,
            starts_at=item.starts_at + shift if item.starts_at else None,
            title_mn=item.title_mn,
            title_en=item.title_en,
            speaker=item.speaker,
            speaker_organisation_id=item.speaker_organisation_id,
            position=item.position,
        )
        for item in origin.agenda_items.all()
    )
    return copy


@transaction.atomic
def meeting_duplicate(*, meeting: Meeting, actor, starts_at: dt.datetime | None = None) -> Meeting:
    """Copy ``meeting`` with its agenda and settings as a draft (a week later by default)."""
    _require_runs(actor, meeting.community)
    copy = _copy_meeting(
        meeting, starts_at=starts_at or meeting.starts_at + dt.timedelta(days=7), actor=actor, series=False
    )
    # On the original, as the admin action selects it; the copy is named.
    audit_record(actor=actor, action="meeting.duplicate", obj=meeting, changes={"copy": copy.pk})
    invalidate(f"meeting:{copy.pk}")  # a draft: no list shows it yet
    return copy


def series_pattern(meeting: Meeting) -> tuple[int, int]:
    """(weekday, nth) of the meeting's local start; nth is -1 for "the last" (5th) one."""
    local = timezone.localtime(meeting.starts_at)
    nth = (local.day - 1) // 7 + 1
    return local.weekday(), (-1 if nth == 5 else nth)


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The ``nth`` (1..4, or -1 for last) ``weekday`` of a month."""
    days = [
        d
        for d in calendar.Calendar().itermonthdates(year, month)
        if d.month == month and d.weekday() == weekday
    ]
    return days[-1] if nth == -1 else days[nth - 1]


def series_dates(
    meeting: Meeting, count: int, *, weekday: int | None = None, nth: int | None = None
) -> list[dt.datetime]:
    """The start times of the next ``count`` months by pattern, at the meeting's local time."""
    default_weekday, default_nth = series_pattern(meeting)
    weekday = default_weekday if weekday is None else weekday
    nth = default_nth if nth is None else nth
    local = timezone.localtime(meeting.starts_at)
    year, month = local.year, local.month
    out = []
    for _i in range(count):
        month += 1
        if month > 12:
            year, month = year + 1, 1
        day = nth_weekday(year, month, weekday, nth)
        naive = dt.datetime.combine(day, local.time().replace(tzinfo=None))
        out.append(timezone.make_aware(naive, timezone.get_current_timezone()))
    return out


@transaction.atomic
def meeting_schedule_series(
    *, meeting: Meeting, actor, count: int, weekday: int | None = None, nth: int | None = None
) -> tuple[list[Meeting], list[dt.date]]:
    """Create the next ``count`` monthly meetings by pattern as drafts, copying agenda and
    settings; a date on which the community already has a meeting is skipped.

    Returns (created meetings, skipped local dates).
    """
    _require_runs(actor, meeting.community)
    if not 1 <= count <= SERIES_MAX:
        raise ValidationError(ERROR_SERIES_COUNT)
    # Two coordinators scheduling the same series at once must not both create a date.
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
    created, skipped = [], []
    for starts_at in series_dates(meeting, count, weekday=weekday, nth=nth):
        day_start = starts_at.replace(hour=0, minute=0, second=0, microsecond=0)
        taken = (
            Meeting.objects.filter(
                community_id=meeting.community_id,
                starts_at__gte=day_start,
                starts_at__lt=day_start + dt.timedelta(days=1),
            )
            .exclude(status=Meeting.Status.CANCELLED)
            .exists()
        )
        if taken:
            skipped.append(starts_at.date())
            continue
        created.append(_copy_meeting(meeting, starts_at=starts_at, actor=actor, series=True))
    audit_record(
        actor=actor,
        action="meeting.schedule_series",
        obj=meeting,
        changes={"created": [m.pk for m in created], "skipped": [d.isoformat() for d in skipped]},
    )
    invalidate(*(f"meeting:{m.pk}" for m in created))  # drafts: no list shows them yet
    return created, skipped


@transaction.atomic
def meeting_children_save(*, meeting: Meeting, actor, saved, deleted=()) -> None:
    """Save and delete the agenda items, materials and joint plan items edited with a meeting."""
    _require_runs(actor, meeting.community)
    _children_save(
        meeting,
        parent_field={AgendaItem: "meeting", Material: "meeting", JointPlanItem: "convention"},
        saved=saved,
        deleted=deleted,
        actor=actor,
    )
    invalidate(f"meeting:{meeting.pk}", f"community:{meeting.community_id}")
