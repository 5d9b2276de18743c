import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from meetings import services
from meetings.models import AgendaItem, Attendance, ConventionReport, Meeting, Registration
from tests.factories import (
    ApplicantFactory,
    MeetingFactory,
    PastMeetingFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_rsvp_create_confirms_while_seats_remain(meeting, member):
    registration = services.rsvp_create(meeting=meeting, user=member, actor=member)
    assert registration.status == Registration.Status.CONFIRMED


def test_rsvp_create_waitlists_when_full(member):
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    registration = services.rsvp_create(meeting=meeting, user=member, actor=member)
    assert registration.status == Registration.Status.WAITLISTED


def test_rsvp_create_twice_returns_the_same_registration(meeting, member):
    first = services.rsvp_create(meeting=meeting, user=member, actor=member)
    second = services.rsvp_create(meeting=meeting, user=member, actor=member)
    assert first.pk == second.pk
    assert Registration.objects.filter(meeting=meeting, user=member).count() == 1


def test_rsvp_create_refuses_applicant(meeting):
    applicant = ApplicantFactory()
    with pytest.raises(PermissionDenied, match=re.escape(str(services.ERROR_NOT_MEMBER))):
        services.rsvp_create(meeting=meeting, user=applicant, actor=applicant)


def test_rsvp_create_refuses_registering_someone_else(meeting, member):
    other = UserFactory()
    with pytest.raises(PermissionDenied):
        services.rsvp_create(meeting=meeting, user=other, actor=member)


@pytest.mark.parametrize(
    ("attrs", "message"),
    [
        ({"status": Meeting.Status.DRAFT}, services.ERROR_NOT_PUBLISHED),
        ({"status": Meeting.Status.CANCELLED, "cancellation_reason": "x"}, services.ERROR_CANCELLED),
        (
            {"registration_opens_at": timezone.now() + dt.timedelta(days=1)},
            services.ERROR_REGISTRATION_NOT_OPEN,
        ),
        (
            {"registration_closes_at": timezone.now() - dt.timedelta(minutes=1)},
            services.ERROR_REGISTRATION_CLOSED,
        ),
    ],
)
def test_rsvp_create_refuses_when_not_open(member, attrs, message):
    meeting = MeetingFactory(**attrs)
    with pytest.raises(ValidationError) as info:
        services.rsvp_create(meeting=meeting, user=member, actor=member)
    assert str(message) in info.value.messages


def test_rsvp_create_refuses_after_start(member):
    meeting = PastMeetingFactory()
    with pytest.raises(ValidationError, match=re.escape(str(services.ERROR_REGISTRATION_CLOSED))):
        services.rsvp_create(meeting=meeting, user=member, actor=member)


def test_rsvp_create_after_cancel_reuses_the_row(member):
    meeting = MeetingFactory(capacity=1)
    mine = services.rsvp_create(meeting=meeting, user=member, actor=member)
    services.rsvp_cancel(registration=mine, actor=member)
    again = services.rsvp_create(meeting=meeting, user=member, actor=member)
    assert again.pk == mine.pk
    assert again.status == Registration.Status.CONFIRMED


def test_rsvp_cancel_promotes_first_in_line(mailbox_tasks):
    meeting = MeetingFactory(capacity=1)
    seated, first, second = UserFactory(), UserFactory(), UserFactory()
    seat = services.rsvp_create(meeting=meeting, user=seated, actor=seated)
    services.rsvp_create(meeting=meeting, user=first, actor=first)
    services.rsvp_create(meeting=meeting, user=second, actor=second)
    promoted = services.rsvp_cancel(registration=seat, actor=seated)
    assert [r.user_id for r in promoted] == [first.pk]
    assert Registration.objects.get(meeting=meeting, user=second).status == Registration.Status.WAITLISTED
    assert mailbox_tasks == [("meetings/emails/meeting_promoted", first.pk, "meeting_notice")]


def test_rsvp_cancel_of_waitlisted_promotes_nobody(mailbox_tasks):
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    waiting = UserFactory()
    registration = services.rsvp_create(meeting=meeting, user=waiting, actor=waiting)
    assert services.rsvp_cancel(registration=registration, actor=waiting) == []
    assert mailbox_tasks == []


def test_rsvp_cancel_refuses_other_member(meeting, member):
    registration = RegistrationFactory(meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.rsvp_cancel(registration=registration, actor=member)


def test_rsvp_cancel_by_coordinator_is_allowed(meeting, coordinator):
    registration = RegistrationFactory(meeting=meeting)
    services.rsvp_cancel(registration=registration, actor=coordinator)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_waitlist_position_counts_people_ahead(member):
    from meetings.selectors import registration_waitlist_position

    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    users = [UserFactory() for _ in range(3)]
    regs = [services.rsvp_create(meeting=meeting, user=u, actor=u) for u in users]
    assert [registration_waitlist_position(r) for r in regs] == [1, 2, 3]


def test_meeting_save_bumps_sequence_on_time_change(coordinator, mailbox_tasks):
    meeting = MeetingFactory()
    RegistrationFactory(meeting=meeting)
    meeting.starts_at += dt.timedelta(hours=1)
    meeting.ends_at += dt.timedelta(hours=1)
    services.meeting_save(meeting=meeting, actor=coordinator)
    meeting.refresh_from_db()
    assert meeting.sequence == 1
    assert [m[0] for m in mailbox_tasks] == ["meetings/emails/meeting_changed"]


def test_meeting_save_keeps_sequence_on_description_change(coordinator):
    meeting = MeetingFactory()
    meeting.description_mn = "Шинэ тайлбар"
    services.meeting_save(meeting=meeting, actor=coordinator)
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_meeting_save_capacity_increase_promotes_waitlist(coordinator, mailbox_tasks):
    meeting = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=meeting)
    waiting = UserFactory()
    services.rsvp_create(meeting=meeting, user=waiting, actor=waiting)
    meeting.capacity = 2
    services.meeting_save(meeting=meeting, actor=coordinator)
    assert Registration.objects.get(meeting=meeting, user=waiting).status == Registration.Status.CONFIRMED


def test_meeting_save_refuses_member(meeting, member):
    with pytest.raises(PermissionDenied):
        services.meeting_save(meeting=meeting, actor=member)


def test_meeting_cancel_notifies_registrants_and_bumps_sequence(coordinator, mailbox_tasks):
    meeting = MeetingFactory()
    registrations = RegistrationFactory.create_batch(2, meeting=meeting)
    notified = services.meeting_cancel(meeting=meeting, actor=coordinator, reason="Цас их орсон")
    meeting.refresh_from_db()
    assert (notified, meeting.status, meeting.sequence) == (2, Meeting.Status.CANCELLED, 1)
    assert sorted(m[1] for m in mailbox_tasks) == sorted(r.user_id for r in registrations)
    assert {m[0] for m in mailbox_tasks} == {"meetings/emails/meeting_cancelled"}


def test_meeting_cancel_requires_reason(meeting, coordinator):
    with pytest.raises(ValidationError, match=re.escape(str(services.ERROR_CANCEL_REASON))):
        services.meeting_cancel(meeting=meeting, actor=coordinator, reason="  ")


def test_meeting_publish_sets_status_and_bumps_sequence(coordinator):
    meeting = MeetingFactory(status=Meeting.Status.DRAFT, published_at=None)
    assert services.meeting_publish(meeting=meeting, actor=coordinator) is True
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (Meeting.Status.PUBLISHED, 1)
    assert meeting.published_at is not None


def test_meeting_duplicate_copies_agenda_as_draft(meeting, coordinator):
    AgendaItem.objects.create(meeting=meeting, title_mn="Нээлт", starts_at=meeting.starts_at)
    copy = services.meeting_duplicate(meeting=meeting, actor=coordinator)
    assert copy.status == Meeting.Status.DRAFT
    assert copy.starts_at == meeting.starts_at + dt.timedelta(days=7)
    item = copy.agenda_items.get()
    assert (item.title_mn, item.starts_at) == ("Нээлт", copy.starts_at)


def test_nth_weekday_second_tuesday():
    assert services.nth_weekday(2026, 12, 1, 2) == dt.date(2026, 12, 8)
    assert services.nth_weekday(2026, 12, 1, -1) == dt.date(2026, 12, 29)


def test_meeting_schedule_series_follows_pattern_and_local_time(coordinator):
    tz = timezone.get_current_timezone()
    starts = timezone.make_aware(dt.datetime(2026, 12, 8, 14, 0), tz)  # second Tuesday
    meeting = MeetingFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    created, skipped = services.meeting_schedule_series(meeting=meeting, actor=coordinator, count=3)
    local = [timezone.localtime(m.starts_at) for m in created]
    assert [(d.date(), d.hour) for d in local] == [
        (dt.date(2027, 1, 12), 14),
        (dt.date(2027, 2, 9), 14),
        (dt.date(2027, 3, 9), 14),
    ]
    assert skipped == []
    assert all(m.series_origin_id == meeting.pk and m.status == Meeting.Status.DRAFT for m in created)


def test_meeting_schedule_series_skips_taken_dates(coordinator):
    tz = timezone.get_current_timezone()
    starts = timezone.make_aware(dt.datetime(2026, 12, 8, 14, 0), tz)
    meeting = MeetingFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    taken = timezone.make_aware(dt.datetime(2027, 1, 12, 10, 0), tz)
    MeetingFactory(community=meeting.community, starts_at=taken, ends_at=taken + dt.timedelta(hours=1))
    created, skipped = services.meeting_schedule_series(meeting=meeting, actor=coordinator, count=2)
    assert skipped == [dt.date(2027, 1, 12)]
    assert len(created) == 1


def test_meeting_schedule_series_bounds_count(meeting, coordinator):
    with pytest.raises(ValidationError, match=re.escape(str(services.ERROR_SERIES_COUNT))):
        services.meeting_schedule_series(meeting=meeting, actor=coordinator, count=0)


def test_attendance_mark_copies_gender_and_organisation(coordinator):
    meeting = PastMeetingFactory()
    registration = RegistrationFactory(meeting=meeting)
    assert services.attendance_mark(meeting=meeting, registrations=[registration], actor=coordinator) == 1
    attendance = Attendance.objects.get(meeting=meeting)
    assert (attendance.user_id, attendance.organisation_id, attendance.gender) == (
        registration.user_id,
        registration.user.organisation_id,
        registration.user.gender,
    )


def test_attendance_mark_is_idempotent(coordinator):
    meeting = PastMeetingFactory()
    registration = RegistrationFactory(meeting=meeting)
    services.attendance_mark(meeting=meeting, registrations=[registration], actor=coordinator)
    assert services.attendance_mark(meeting=meeting, registrations=[registration], actor=coordinator) == 0
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_attendance_mark_refuses_member(member):
    meeting = PastMeetingFactory()
    with pytest.raises(PermissionDenied):
        services.attendance_mark(meeting=meeting, registrations=[], actor=member)


def test_attendance_mark_refuses_far_future(meeting, coordinator):
    with pytest.raises(ValidationError, match=re.escape(str(services.ERROR_ATTENDANCE_TOO_EARLY))):
        services.attendance_mark(meeting=meeting, registrations=[], actor=coordinator)


def test_attendance_record_sheet_adds_and_removes(coordinator):
    meeting = PastMeetingFactory()
    came, left = RegistrationFactory(meeting=meeting), RegistrationFactory(meeting=meeting)
    services.attendance_record_sheet(
        meeting=meeting, present_user_ids=[came.user_id, left.user_id], actor=coordinator
    )
    added, removed = services.attendance_record_sheet(
        meeting=meeting, present_user_ids=[came.user_id], actor=coordinator
    )
    assert (added, removed) == (0, 1)
    assert list(Attendance.objects.filter(meeting=meeting).values_list("user_id", flat=True)) == [
        came.user_id
    ]


def test_attendance_add_walk_in_guest(coordinator, organisation):
    meeting = PastMeetingFactory()
    attendance = services.attendance_add_walk_in(
        meeting=meeting, actor=coordinator, full_name="Зочин Бат", organisation=organisation, gender="man"
    )
    assert (attendance.is_walk_in, attendance.user_id, attendance.gender) == (True, None, "man")


def test_attendance_add_walk_in_requires_a_name(coordinator):
    meeting = PastMeetingFactory()
    with pytest.raises(ValidationError, match=re.escape(str(services.ERROR_WALK_IN_NAME))):
        services.attendance_add_walk_in(meeting=meeting, actor=coordinator, full_name=" ")


def test_attendance_add_walk_in_member_twice_is_refused(coordinator, member):
    meeting = PastMeetingFactory()
    services.attendance_add_walk_in(meeting=meeting, actor=coordinator, user=member)
    with pytest.raises(ValidationError, match=re.escape(str(services.ERROR_ATTENDANCE_DUPLICATE))):
        services.attendance_add_walk_in(meeting=meeting, actor=coordinator, user=member)


def test_convention_report_save_by_contact_then_accept(coordinator):
    convention = MeetingFactory(format=Meeting.Format.CONVENTION)
    contact = UserFactory(is_organisation_contact=True)
    report = services.convention_report_save(
        convention=convention, actor=contact, submit=True, achievements="Жендэрийн бодлого баталсан"
    )
    assert (report.status, report.organisation_id) == (
        ConventionReport.Status.SUBMITTED,
        contact.organisation_id,
    )
    reviewed = services.convention_report_review(report=report, actor=coordinator, accept=True)
    assert reviewed.status == ConventionReport.Status.ACCEPTED


def test_convention_report_save_refuses_non_contact(member):
    convention = MeetingFactory(format=Meeting.Format.CONVENTION)
    with pytest.raises(PermissionDenied, match=re.escape(str(services.ERROR_REPORT_NOT_CONTACT))):
        services.convention_report_save(convention=convention, actor=member, submit=False)


def test_convention_report_accepted_is_locked(coordinator):
    convention = MeetingFactory(format=Meeting.Format.CONVENTION)
    contact = UserFactory(is_organisation_contact=True)
    report = services.convention_report_save(convention=convention, actor=contact, submit=True)
    services.convention_report_review(report=report, actor=coordinator, accept=True)
    with pytest.raises(ValidationError, match=re.escape(str(services.ERROR_REPORT_LOCKED))):
        services.convention_report_save(convention=convention, actor=contact, submit=False, challenges="x")


def test_meeting_save_cancelled_from_the_form_notifies(coordinator, mailbox_tasks):
    meeting = MeetingFactory()
    registration = RegistrationFactory(meeting=meeting)
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancellation_reason = "Цасан шуурга"
    services.meeting_save(meeting=meeting, actor=coordinator)
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.cancelled_at is not None
    assert [(m[0], m[1]) for m in mailbox_tasks] == [
        ("meetings/emails/meeting_cancelled", registration.user_id)
    ]
