"""Queueing and sending reminders and notices: once, on time, in the member's language."""

import smtplib
from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone
from icalendar import Calendar

from meetings.models import Meeting, Registration
from meetings.reminders import services
from notices import registry
from notices import services as outbox
from notices.models import Delivery
from tests.factories import MeetingFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _scan_and_send():
    outbox.notices_scan()
    return outbox.notices_send_due()


def test_scan_queues_the_latest_due_offset_for_confirmed_members(registrations, due_meeting):
    RegistrationFactory(meeting=due_meeting, status=Registration.Status.WAITLISTED)
    outbox.deliveries_create_due()
    rows = Delivery.objects.filter(meeting=due_meeting)
    assert sorted(r.user_id for r in rows) == sorted(r.user_id for r in registrations)
    assert {r.context["offset_hours"] for r in rows} == {24}


def test_scan_twice_queues_nothing_more(registrations):
    outbox.deliveries_create_due()
    assert outbox.deliveries_create_due() == 0
    assert Delivery.objects.count() == 3


def test_no_reminder_before_it_is_due(db):
    RegistrationFactory(meeting=MeetingFactory(starts_at=timezone.now() + timedelta(days=8)))
    assert outbox.deliveries_create_due() == 0


def test_member_confirmed_after_the_due_time_gets_no_late_reminder(due_meeting):
    RegistrationFactory(meeting=due_meeting, confirmed_at=timezone.now() - timedelta(hours=1))
    assert outbox.deliveries_create_due() == 0


def test_meeting_offsets_override_the_site_default(db):
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(hours=47), reminder_offsets_hours=[48])
    RegistrationFactory(meeting=meeting)
    outbox.deliveries_create_due()
    assert Delivery.objects.get().context["offset_hours"] == 48


def test_meeting_with_reminders_off_gets_none(db):
    RegistrationFactory(
        meeting=MeetingFactory(starts_at=timezone.now() + timedelta(hours=2), reminders_enabled=False)
    )
    assert outbox.deliveries_create_due() == 0


def test_send_due_sends_each_reminder_once(registrations, mailoutbox):
    assert _scan_and_send() == 3
    assert _scan_and_send() == 0
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r.user.email for r in registrations)
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_reminder_is_in_the_member_language_with_time_in_ulaanbaatar(due_meeting, mailoutbox):
    user = UserFactory(preferred_language="en")
    RegistrationFactory(meeting=due_meeting, user=user)
    _scan_and_send()
    message = mailoutbox[0]
    local = timezone.localtime(due_meeting.starts_at, timezone=timezone.get_fixed_timezone(8 * 60))
    assert message.subject == f"Reminder: {due_meeting.title_en}"
    assert local.strftime("%Y-%m-%d %H:%M") in message.body
    assert due_meeting.venue in message.alternatives[0][0]


def test_reminder_is_in_mongolian_by_default(registrations, due_meeting, mailoutbox):
    _scan_and_send()
    assert mailoutbox[0].subject == f"Сануулга: {due_meeting.title_mn}"


def test_reminder_carries_ics_with_the_meeting_uid_and_sequence(registrations, due_meeting, mailoutbox):
    due_meeting.sequence = 3
    due_meeting.save()
    _scan_and_send()
    filename, content, mimetype = mailoutbox[0].attachments[0]
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert mimetype == "text/calendar" and filename.endswith(".ics")
    assert str(event["UID"]) == f"meeting-{due_meeting.pk}@127.0.0.1"
    assert int(event["SEQUENCE"]) == 3
    assert event.decoded("DTSTART") == due_meeting.starts_at.replace(microsecond=0)


def test_reminder_carries_one_click_unsubscribe(registrations, mailoutbox):
    _scan_and_send()
    headers = mailoutbox[0].extra_headers
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert headers["List-Unsubscribe"].strip("<>") in mailoutbox[0].body


def test_reminder_shows_online_link_and_agenda(due_meeting, mailoutbox):
    due_meeting.mode = Meeting.Mode.HYBRID
    due_meeting.online_url = "https://meet.example.mn/cop"
    due_meeting.save()
    due_meeting.agenda_items.create(title_mn="Жендэрийн аудитын үр дүн", position=1)
    RegistrationFactory(meeting=due_meeting)
    _scan_and_send()
    assert "https://meet.example.mn/cop" in mailoutbox[0].body
    assert "Жендэрийн аудитын үр дүн" in mailoutbox[0].body


def test_member_who_switched_reminders_off_is_skipped(due_meeting, mailoutbox):
    RegistrationFactory(meeting=due_meeting, user=UserFactory(muted_email_kinds=["meeting_reminder"]))
    _scan_and_send()
    assert mailoutbox == []
    assert Delivery.objects.get().status == Delivery.Status.SKIPPED


def test_moved_meeting_gets_reminders_for_the_new_time_only(registrations, due_meeting, mailoutbox):
    due_meeting.reminder_offsets_hours = [24]
    due_meeting.save()
    outbox.deliveries_create_due()  # queued for the old time, not yet sent
    due_meeting.starts_at += timedelta(days=3)
    due_meeting.ends_at += timedelta(days=3)
    due_meeting.save()
    assert _scan_and_send() == 0  # the old time's rows are stale; the new time is not due yet
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SKIPPED}
    later = timezone.now() + timedelta(days=3)
    outbox.deliveries_create_due(now=later)
    new = Delivery.objects.filter(status=Delivery.Status.PENDING)
    assert new.count() == 3
    assert {d.context["meeting_starts_at"] for d in new} == {
        due_meeting.starts_at.astimezone(UTC).isoformat()
    }


def test_moved_meeting_new_reminders_are_sent(registrations, due_meeting, mailoutbox):
    _scan_and_send()
    due_meeting.starts_at += timedelta(hours=1)
    due_meeting.ends_at += timedelta(hours=1)
    due_meeting.save()
    assert _scan_and_send() == 3  # a reminder for the new time: the old key does not block it
    assert len(mailoutbox) == 6


def test_cancelled_meeting_gets_no_reminder(registrations, due_meeting, mailoutbox):
    outbox.deliveries_create_due()
    due_meeting.status = Meeting.Status.CANCELLED
    due_meeting.cancellation_reason = "Цаг агаар"
    due_meeting.save()
    outbox.notices_send_due()
    assert mailoutbox == []


def test_cancelled_registration_gets_no_reminder(registrations, mailoutbox):
    outbox.deliveries_create_due()
    Registration.objects.filter(pk=registrations[0].pk).update(status=Registration.Status.CANCELLED)
    assert outbox.notices_send_due() == 2


class RefusingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPDataError(451, b"try again later")


class DownBackend(LocmemBackend):
    def open(self):
        raise ConnectionRefusedError("connection refused")


def test_refused_send_is_retried_with_backoff(registrations, settings):
    settings.EMAIL_BACKEND = "tests.notices.test_services.RefusingBackend"
    assert _scan_and_send() == 0
    row = Delivery.objects.first()
    assert row.status == Delivery.Status.PENDING and row.attempts == 1
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=30)
    assert "try again later" in row.last_error


def test_send_ends_as_failed_with_the_error_after_max_attempts(registrations, settings):
    settings.EMAIL_BACKEND = "tests.notices.test_services.RefusingBackend"
    settings.COP_REMINDER_MAX_ATTEMPTS = 2
    outbox.notices_scan()
    outbox.notices_send_due()
    outbox.notices_send_due()  # not due yet: backoff
    Delivery.objects.update(next_attempt_at=timezone.now())
    outbox.notices_send_due()
    assert set(Delivery.objects.values_list("status", "attempts")) == {(Delivery.Status.FAILED, 2)}
    assert "451" in Delivery.objects.first().last_error


def test_mail_server_down_leaves_the_batch_queued(registrations, settings):
    settings.EMAIL_BACKEND = "tests.notices.test_services.DownBackend"
    _scan_and_send()
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.PENDING}
    assert "connection refused" in Delivery.objects.first().last_error


def test_refused_then_accepted_sends_each_once(registrations, settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.notices.test_services.RefusingBackend"
    _scan_and_send()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Delivery.objects.update(next_attempt_at=timezone.now())
    assert outbox.notices_send_due() == 3
    assert len(mail.outbox) == 3


def test_stuck_claim_is_reported_and_its_unsent_rows_requeued(registrations):
    outbox.deliveries_create_due()
    token, ids = outbox.deliveries_claim()
    Delivery.objects.update(claimed_at=timezone.now() - timedelta(hours=1))
    Delivery.objects.filter(pk=ids[0]).update(handed_over_at=timezone.now() - timedelta(hours=1))
    assert outbox.deliveries_release_stuck() == 2
    stuck = Delivery.objects.get(status=Delivery.Status.SENDING)
    assert stuck.pk == ids[0]  # the only one that may have reached the server
    assert stuck.last_error == outbox.STUCK_NOTE
    assert Delivery.objects.filter(status=Delivery.Status.PENDING).count() == 2


def test_stuck_row_is_not_resent_by_the_scan(registrations, mailoutbox):
    outbox.deliveries_create_due()
    _token, ids = outbox.deliveries_claim()
    Delivery.objects.update(claimed_at=timezone.now() - timedelta(hours=1))
    Delivery.objects.filter(pk=ids[0]).update(handed_over_at=timezone.now())
    assert _scan_and_send() == 2
    assert len(mailoutbox) == 2


def test_resend_puts_a_stuck_row_back(registrations, coordinator, mailoutbox):
    outbox.deliveries_create_due()
    _token, ids = outbox.deliveries_claim()
    Delivery.objects.update(claimed_at=timezone.now() - timedelta(hours=1), handed_over_at=timezone.now())
    assert outbox.deliveries_resend(deliveries=Delivery.objects.all(), actor=coordinator) == 3
    assert outbox.notices_send_due() == 3


def test_sends_in_chunks_and_marks_every_row(registrations, due_meeting, settings, mailoutbox):
    settings.COP_REMINDER_CHUNK_SIZE = 2
    RegistrationFactory.create_batch(2, meeting=due_meeting)
    assert _scan_and_send() == 5
    assert Delivery.objects.filter(status=Delivery.Status.SENT, handed_over_at__isnull=False).count() == 5


def test_a_row_put_back_in_the_queue_mid_batch_is_not_sent_by_the_old_claim(
    registrations, settings, monkeypatch, mailoutbox
):
    from notices.services import sending

    settings.COP_REMINDER_CHUNK_SIZE = 1
    outbox.deliveries_create_due()
    token, ids = outbox.deliveries_claim()
    real = sending._send_one

    def send(row, kind, **kwargs):
        if row.pk == ids[0]:  # the scan releases the last row as if its claim had timed out
            Delivery.objects.filter(pk=ids[-1]).update(
                status=Delivery.Status.PENDING, claim_token=None, claimed_at=None
            )
        return real(row, kind, **kwargs)

    monkeypatch.setattr(sending, "_send_one", send)
    assert outbox.deliveries_send_batch(token=token) == (2, True)
    assert len(mailoutbox) == 2
    assert Delivery.objects.get(pk=ids[-1]).status == Delivery.Status.PENDING


def test_fresh_claim_is_not_touched(registrations):
    outbox.deliveries_create_due()
    outbox.deliveries_claim()
    assert outbox.deliveries_release_stuck() == 0
    assert Delivery.objects.filter(status=Delivery.Status.SENDING).count() == 3


def test_cancellation_notice_carries_the_reason(registrations, due_meeting, mailoutbox):
    Meeting.objects.filter(pk=due_meeting.pk).update(
        status=Meeting.Status.CANCELLED, cancellation_reason="Цаг агаарын улмаас"
    )
    services.notice_enqueue(
        meeting_id=due_meeting.pk, user_ids=[r.user_id for r in registrations], kind="meeting_cancelled"
    )
    assert outbox.notices_send_due() == 3
    assert "Цаг агаарын улмаас" in mailoutbox[0].body
    event = Calendar.from_ical(mailoutbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"


def test_cancellation_notice_queued_twice_is_sent_once(registrations, due_meeting, mailoutbox):
    for _ in range(2):
        services.notice_enqueue(
            meeting_id=due_meeting.pk, user_ids=[registrations[0].user_id], kind="meeting_cancelled"
        )
    outbox.notices_send_due()
    assert len(mailoutbox) == 1


def test_change_notice_once_per_calendar_revision(registrations, due_meeting, mailoutbox):
    user_ids = [registrations[0].user_id]
    services.notice_enqueue(meeting_id=due_meeting.pk, user_ids=user_ids, kind="meeting_changed")
    services.notice_enqueue(meeting_id=due_meeting.pk, user_ids=user_ids, kind="meeting_changed")
    Meeting.objects.filter(pk=due_meeting.pk).update(sequence=1)
    services.notice_enqueue(meeting_id=due_meeting.pk, user_ids=user_ids, kind="meeting_changed")
    outbox.notices_send_due()
    assert len(mailoutbox) == 2
    assert mailoutbox[0].subject.startswith("Хурал өөрчлөгдсөн")


@pytest.mark.parametrize("kind", ["meeting_confirmed", "meeting_promoted"])
def test_registration_notices_are_sent(registrations, due_meeting, mailoutbox, kind):
    services.notice_enqueue(meeting_id=due_meeting.pk, user_ids=[registrations[0].user_id], kind=kind)
    assert outbox.notices_send_due() == 1
    assert mailoutbox[0].to == [registrations[0].user.email]


def test_notice_kind_must_be_known(due_meeting):
    with pytest.raises(ValueError):
        services.notice_enqueue(meeting_id=due_meeting.pk, user_ids=[], kind="reminder")


def test_minutes_reminder_goes_to_the_organiser_three_days_after(db, mailoutbox):
    ended = MeetingFactory(starts_at=timezone.now() - timedelta(days=3, hours=5), organiser=UserFactory())
    MeetingFactory(starts_at=timezone.now() - timedelta(days=3, hours=5), minutes_mn="Тэмдэглэл")
    MeetingFactory(starts_at=timezone.now() - timedelta(days=2))
    MeetingFactory(starts_at=timezone.now() - timedelta(days=60))
    assert _scan_and_send() == 1
    assert mailoutbox[0].to == [ended.organiser.email]
    assert _scan_and_send() == 0


def test_send_now_queues_a_reminder_for_every_confirmed_member(registrations, due_meeting, coordinator):
    assert services.meeting_reminders_send_now(meeting=due_meeting, actor=coordinator) == 3


def test_send_now_refuses_a_past_meeting(db, coordinator):
    meeting = MeetingFactory(starts_at=timezone.now() - timedelta(days=1))
    with pytest.raises(ValueError) as excinfo:
        services.meeting_reminders_send_now(meeting=meeting, actor=coordinator)
    assert str(excinfo.value) == str(services.ERROR_MEETING_NOT_UPCOMING)


def test_resend_puts_failed_rows_back(registrations, coordinator):
    outbox.deliveries_create_due()
    Delivery.objects.update(status=Delivery.Status.FAILED, attempts=5)
    assert outbox.deliveries_resend(deliveries=Delivery.objects.all(), actor=coordinator) == 3
    assert set(Delivery.objects.values_list("status", "attempts")) == {(Delivery.Status.PENDING, 0)}


def test_resend_refuses_sent_rows(registrations, coordinator, mailoutbox):
    _scan_and_send()
    with pytest.raises(ValueError):
        outbox.deliveries_resend(deliveries=Delivery.objects.all(), actor=coordinator)


@pytest.mark.parametrize("kind", ["meeting_reminder", "meeting_changed", "meeting_cancelled"])
def test_batch_renders_the_delivery_e_mail_once_per_language_and_each_message_as_in_full(
    due_meeting, kind, monkeypatch
):
    """The mail merge in a batch: same messages as rendering each in full, but merged."""
    from notices import emails

    # Signed links carry the second they were made in: make them per member only.
    monkeypatch.setattr(emails, "unsubscribe_token", lambda user_id, kind: f"t-{user_id}-{kind}")

    users = [
        UserFactory(full_name=name, preferred_language=language)
        for name, language in [("Болд", "mn"), ("Ann & <Lee>", "en"), ("Сараа", "mn"), ("Tom", "en")]
    ]
    for user in users:
        RegistrationFactory(meeting=due_meeting, user=user)
    if kind == "meeting_reminder":
        outbox.deliveries_create_due()
    else:
        services.notice_enqueue(
            meeting_id=due_meeting.pk, user_ids=[u.pk for u in users], kind=kind, context={"reason": "Үер"}
        )
    rows = Delivery.objects.filter(kind=kind, user__in=users).select_related("user").order_by("id")
    rows = list(rows)
    cache: dict = {}
    for row, message in zip(rows, outbox.deliveries_build(rows, cache=cache), strict=True):
        kind = registry.kind(row.kind)
        full = emails.render(
            kind.template,
            user=row.user,
            context=kind.hooks.context(row, {}),
            kind=kind.category,
            kind_label=registry.categories()[kind.category],
        )
        assert (message.subject, message.body, message.alternatives[0][0]) == (
            full.subject,
            full.text,
            full.html,
        )
        assert row.user.full_name in message.body
    merged = [value for key, value in cache.items() if isinstance(key, tuple)]
    assert len(merged) == 2 and all(isinstance(m, emails.RenderedEmail) for m in merged)


def test_notify_to_many_writes_the_rows_notify_to_one_writes(due_meeting):
    """On PostgreSQL many recipients are inserted in one statement (``unnest``), one
    recipient through the ORM: the rows are the same, and a repeat queues nothing new."""
    from notices.services import notify

    users = UserFactory.create_batch(3)
    now = timezone.now()
    args = {"key": "k-1", "about": due_meeting, "context": {"reason": "Үер & <b>"}, "now": now}
    assert notify("meeting_changed", recipients=[u.pk for u in users[:2]], **args) == 2
    assert notify("meeting_changed", recipients=[users[2].pk], **args) == 1
    assert notify("meeting_changed", recipients=[u.pk for u in users], **args) == 3
    rows = Delivery.objects.order_by("user_id").values()
    assert [row["user_id"] for row in rows] == sorted(u.pk for u in users)
    ignored = {"id", "user_id", "created_at", "updated_at"}
    first, *others = [{k: v for k, v in row.items() if k not in ignored} for row in rows]
    assert all(other == first for other in others)
    assert first["context"] == {"reason": "Үер & <b>"} and first["status"] == Delivery.Status.PENDING
    assert first["due_at"] == first["next_attempt_at"] == now
