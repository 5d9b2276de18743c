"""Every write about meetings: publishing, registrations and the waitlist, attendance,
monthly series, convention reports and site visits."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.tasks import email_send

from .models import AgendaItem, Attendance, ConventionReport, Meeting, Registration

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

# Changes to these fields alter the calendar event: SEQUENCE goes up (RFC 5545 §3.8.7.4).
CALENDAR_FIELDS = ("starts_at", "ends_at", "venue", "province", "mode", "online_url", "status")
# Changes to these fields are worth an e-mail to registrants.
NOTICE_FIELDS = ("starts_at", "ends_at", "venue", "province", "mode")
SERIES_MAX = 24


def _require_coordinator(actor) -> None:
    if actor is None or not getattr(actor, "is_coordinator", False):
        raise PermissionDenied(ERROR_NOT_COORDINATOR)


def meeting_can_manage(actor, meeting: Meeting) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    return actor.is_coordinator or (meeting.organiser_id is not None and meeting.organiser_id == actor.pk)


def _notice_context(meeting: Meeting, **extra) -> dict:
    from django.conf import settings

    local = timezone.localtime(meeting.starts_at)
    return {
        "meeting_id": meeting.pk,
        "title_mn": meeting.title_mn,
        "title_en": meeting.title_en,
        "starts": local.strftime("%Y-%m-%d %H:%M"),
        "venue": meeting.venue,
        "url": f"{settings.SITE_URL}{meeting.get_absolute_url()}",
        **extra,
    }


def _queue_notice(template: str, user_id: int, context: dict) -> None:
    email_send.delay_on_commit(f"meetings/emails/{template}", user_id, context, "meeting_notice")


# --- meetings -----------------------------------------------------------------------------------


@transaction.atomic
def meeting_save(*, meeting: Meeting, actor) -> Meeting:
    """Create or update ``meeting``; bump SEQUENCE when its time, place or status changed,
    tell registrants about a new time or place, and fill seats a larger capacity frees."""
    _require_coordinator(actor)
    meeting.full_clean()
    previous = None
    if meeting.pk:
        previous = Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
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
    if newly_cancelled:
        # Cancelled from the edit form rather than the action: people must still be told.
        context = _notice_context(meeting, reason=meeting.cancellation_reason)
        for user_id in meeting.registrations.exclude(status=Registration.Status.CANCELLED).values_list(
            "user_id", flat=True
        ):
            _queue_notice("meeting_cancelled", user_id, context)
        return meeting
    if previous is not None and meeting.status == Meeting.Status.PUBLISHED and not meeting.is_past:
        if changed & set(NOTICE_FIELDS):
            for user_id in meeting.registrations.exclude(status=Registration.Status.CANCELLED).values_list(
                "user_id", flat=True
            ):
                _queue_notice("meeting_changed", user_id, _notice_context(meeting))
        _promote_waitlist(meeting)
    return meeting


@transaction.atomic
def meeting_publish(*, meeting: Meeting, actor) -> bool:
    """Publish a draft (idempotent); returns whether it changed."""
    _require_coordinator(actor)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status == Meeting.Status.CANCELLED:
        raise ValidationError(ERROR_PUBLISH_CANCELLED)
    if locked.status == Meeting.Status.PUBLISHED:
        return False
    locked.status = Meeting.Status.PUBLISHED
    locked.published_at = locked.published_at or timezone.now()
    locked.sequence += 1
    locked.save(update_fields=["status", "published_at", "sequence", "updated_at"])
    meeting.status, meeting.published_at, meeting.sequence = (
        locked.status,
        locked.published_at,
        locked.sequence,
    )
    return True


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor, reason: str) -> int:
    """Cancel ``meeting`` with a reason and tell everyone registered or waitlisted.

    Returns the number of people notified. Registrations are kept (who had signed up
    stays known); the calendar event becomes STATUS:CANCELLED with a higher SEQUENCE.
    """
    _require_coordinator(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(ERROR_CANCEL_REASON)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status == Meeting.Status.CANCELLED:
        raise ValidationError(ERROR_ALREADY_CANCELLED)
    was_published = locked.status == Meeting.Status.PUBLISHED
    locked.status = Meeting.Status.CANCELLED
    locked.cancellation_reason = reason
    locked.cancelled_at = timezone.now()
    locked.sequence += 1
    locked.full_clean()
    locked.save()
    meeting.status, meeting.sequence = locked.status, locked.sequence
    meeting.cancellation_reason, meeting.cancelled_at = locked.cancellation_reason, locked.cancelled_at
    if not was_published:
        return 0
    user_ids = list(
        locked.registrations.exclude(status=Registration.Status.CANCELLED).values_list("user_id", flat=True)
    )
    context = _notice_context(locked, reason=reason)
    for user_id in user_ids:
        _queue_notice("meeting_cancelled", user_id, context)
    return len(user_ids)


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
    _require_coordinator(actor)
    return _copy_meeting(
        meeting, starts_at=starts_at or meeting.starts_at + dt.timedelta(days=7), actor=actor, series=False
    )


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
    _require_coordinator(actor)
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
    return created, skipped


# --- registrations and the waitlist --------------------------------------------------------------


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
    if actor is None or actor.pk != user.pk:
        raise PermissionDenied(ERROR_NOT_YOURS)
    if not user.is_member:
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
    context = _notice_context(meeting)
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.promoted_at = now
        registration.save(update_fields=["status", "confirmed_at", "promoted_at", "updated_at"])
        _queue_notice("waitlist_promoted", registration.user_id, context)
    return promoted


@transaction.atomic
def rsvp_cancel(*, registration: Registration, actor) -> list[Registration]:
    """Cancel a registration (idempotent) and promote the first waitlisted people into the
    seats that freed up; returns the promoted registrations."""
    if actor is None or (actor.pk != registration.user_id and not actor.is_coordinator):
        raise PermissionDenied(ERROR_NOT_YOURS)
    # Lock order: meeting, then registration, as in rsvp_create.
    meeting = Meeting.objects.select_for_update().get(pk=registration.meeting_id)
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status == Registration.Status.CANCELLED:
        return []
    locked.status = Registration.Status.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["status", "cancelled_at", "updated_at"])
    registration.status, registration.cancelled_at = locked.status, locked.cancelled_at
    return _promote_waitlist(meeting)


# --- attendance -------------------------------------------------------------------------------------


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
    if not meeting_can_manage(actor, meeting):
        raise PermissionDenied(ERROR_NOT_COORDINATOR)
    if meeting.starts_at > timezone.now() + dt.timedelta(hours=1):
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
    return len(rows)


@transaction.atomic
def attendance_record_sheet(*, meeting: Meeting, present_user_ids: Iterable[int], actor) -> tuple[int, int]:
    """Make the registrants' attendance match the sheet: ticked are present, unticked are not.

    Walk-ins are left alone. Returns (added, removed).
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
    to_add = [
        _attendance_for(meeting, r.user, actor=actor, registration=r)
        for r in registrations
        if r.user_id in present and r.user_id not in recorded
    ]
    Attendance.objects.bulk_create(to_add)
    removed, _detail = Attendance.objects.filter(
        meeting=meeting, user_id__in=(registered_ids - present) & recorded, is_walk_in=False
    ).delete()
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
    return attendance


# --- the annual convention ------------------------------------------------------------------------------


@transaction.atomic
def convention_report_save(*, convention: Meeting, actor, submit: bool, **fields) -> ConventionReport:
    """Create or update the progress report of the actor's organisation; ``submit`` sends
    it to the coordinators for review."""
    if convention.format != Meeting.Format.CONVENTION:
        raise ValidationError(ERROR_REPORT_NOT_CONVENTION)
    if not (actor.is_member and actor.is_organisation_contact and actor.organisation_id):
        raise PermissionDenied(ERROR_REPORT_NOT_CONTACT)
    report = (
        ConventionReport.objects.select_for_update()
        .filter(convention=convention, organisation_id=actor.organisation_id)
        .first()
    ) or ConventionReport(convention=convention, organisation_id=actor.organisation_id)
    if report.status == ConventionReport.Status.ACCEPTED:
        raise ValidationError(ERROR_REPORT_LOCKED)
    for name, value in fields.items():
        setattr(report, name, value)
    if submit:
        report.status = ConventionReport.Status.SUBMITTED
        report.submitted_by = actor
        report.submitted_at = timezone.now()
    report.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        raise ValidationError(ERROR_DUPLICATE) from exc
    return report


@transaction.atomic
def convention_report_review(
    *, report: ConventionReport, actor, accept: bool, notes: str = ""
) -> ConventionReport:
    """Accept a submitted report, or return it to the organisation with notes."""
    _require_coordinator(actor)
    locked = ConventionReport.objects.select_for_update().get(pk=report.pk)
    locked.status = ConventionReport.Status.ACCEPTED if accept else ConventionReport.Status.RETURNED
    locked.reviewed_by = actor
    locked.reviewed_at = timezone.now()
    locked.review_notes = notes
    locked.save()
    return locked
