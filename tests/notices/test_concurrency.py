"""Two senders at once on PostgreSQL: SKIP LOCKED hands each row to exactly one of them."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from meetings.reminders import services
from notices import services as outbox
from notices.models import Delivery
from tests.factories import MeetingFactory, RegistrationFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def _race(target, n: int = 4):
    barrier = threading.Barrier(n)
    errors = []

    def run():
        try:
            barrier.wait()
            target()
        except Exception as exc:  # noqa: BLE001 - surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors


def test_scans_and_senders_racing_send_each_reminder_once(settings, due_meeting):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.COP_REMINDER_BATCH_SIZE = 7
    mail.outbox = []
    RegistrationFactory.create_batch(50, meeting=due_meeting)

    def scan_and_send():
        outbox.notices_scan()
        outbox.notices_send_due()

    _race(scan_and_send)
    recipients = Counter(m.to[0] for m in mail.outbox)
    assert len(recipients) == 50 and set(recipients.values()) == {1}
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 50


def test_racing_notices_queue_one_row(due_meeting):
    registration = RegistrationFactory(meeting=due_meeting)
    _race(
        lambda: services.notice_enqueue(
            meeting_id=due_meeting.pk, user_ids=[registration.user_id], kind="meeting_cancelled"
        )
    )
    assert Delivery.objects.count() == 1


def test_racing_claims_are_disjoint(db):
    meeting = MeetingFactory()
    RegistrationFactory.create_batch(30, meeting=meeting)
    services.notice_enqueue(
        meeting_id=meeting.pk,
        user_ids=list(meeting.registrations.values_list("user_id", flat=True)),
        kind="meeting_changed",
    )
    claimed = []
    _race(lambda: claimed.extend(outbox.deliveries_claim(limit=10)[1]), n=3)
    assert len(claimed) == len(set(claimed)) == 30
