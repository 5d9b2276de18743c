"""A real worker and SMTP server: one request for feedback per person present, once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from notices import tasks
from notices.models import Delivery
from tests.factories import AttendanceFactory, PastMeetingFactory
from tests.notices.conftest import TEST_QUEUE
from tests.worker import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_feedback_requests_sent_once_per_attendee_by_a_real_worker(reminder_processes, smtp_sink):
    start = timezone.now() - timedelta(hours=3)
    meeting = PastMeetingFactory(starts_at=start, ends_at=start + timedelta(hours=2))
    AttendanceFactory.create_batch(4, meeting=meeting)
    AttendanceFactory(meeting=meeting, user=None, full_name="Зочин")
    env = {"EMAIL_URL": smtp_sink.url, "COP_REMINDER_SCAN_SECONDS": "1"}
    reminder_processes(env=env, name="a")
    for _ in range(2):  # beat firing twice
        tasks.notices_scan.apply_async(queue=TEST_QUEUE)
        tasks.notices_send_due.apply_async(queue=TEST_QUEUE)

    def sent():
        return Delivery.objects.filter(kind="feedback_request", status=Delivery.Status.SENT).count()

    wait_until(lambda: sent() == 4, message=str(list(Delivery.objects.values("kind", "status"))))
    reminder_processes.settle()  # every queued scan and send has run: a duplicate would be in the sink
    ids = smtp_sink.delivery_ids()
    assert len(ids) == 4 and max(ids.values()) == 1
    assert all(b"/feedback/" in m for m in smtp_sink.handler.messages)
