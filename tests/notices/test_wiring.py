"""The meetings' services queue their notices as delivery rows the outbox sends."""

from datetime import timedelta

import pytest
from django.utils import timezone

from meetings import services as meeting_services
from notices import services as outbox
from notices.models import Delivery
from tests.factories import MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_registering_queues_one_confirmation_that_is_sent(mailoutbox, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(days=10))
    user = UserFactory(preferred_language="en")
    with django_capture_on_commit_callbacks():
        meeting_services.rsvp_create(meeting=meeting, user=user, actor=user)
    assert Delivery.objects.get().kind == "meeting_confirmed"
    assert outbox.notices_send_due() == 1
    assert mailoutbox[0].subject == f"Registration confirmed: {meeting.title_en}"
    assert mailoutbox[0].attachments[0][2] == "text/calendar"


def test_waitlisted_member_gets_no_confirmation(db):
    meeting = MeetingFactory(capacity=1)
    first, second = UserFactory(), UserFactory()
    meeting_services.rsvp_create(meeting=meeting, user=first, actor=first)
    meeting_services.rsvp_create(meeting=meeting, user=second, actor=second)
    assert list(Delivery.objects.values_list("user_id", flat=True)) == [first.pk]


def test_cancelling_a_meeting_sends_the_reason_once(coordinator, mailoutbox):
    meeting = MeetingFactory()
    user = UserFactory()
    meeting_services.rsvp_create(meeting=meeting, user=user, actor=user)
    meeting_services.meeting_cancel(meeting=meeting, actor=coordinator, reason="Цасан шуурга")
    outbox.notices_send_due()
    cancelled = [m for m in mailoutbox if "Цасан шуурга" in m.body]
    assert len(cancelled) == 1 and cancelled[0].to == [user.email]
    # The confirmation queued before the cancellation is skipped, not sent.
    assert Delivery.objects.get(kind="meeting_confirmed").status == Delivery.Status.SKIPPED
