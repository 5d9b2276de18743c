"""The waitlist promotion e-mail goes through the real worker once the cancellation commits."""

import pytest

from meetings import services
from meetings.models import Registration
from tests.factories import MeetingFactory, UserFactory
from tests.worker import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_promotion_email_is_sent_by_the_worker(celery_worker_process):
    meeting = MeetingFactory(capacity=1, title_mn="Хүлээлгийн туршилт W9")
    seated, waiting = UserFactory(), UserFactory()
    seat = services.rsvp_create(meeting=meeting, user=seated, actor=seated)
    services.rsvp_create(meeting=meeting, user=waiting, actor=waiting)
    services.rsvp_cancel(registration=seat, actor=seated)
    # Wait for this member's mail, not for "one more mail": the confirmations of the two
    # registrations above go through the same worker and may land first.
    wait_until(
        lambda: waiting.email in "".join(f.read_text() for f in celery_worker_process.mail_files()),
        timeout=30,
        message=celery_worker_process.log()[-4000:],
    )
    assert Registration.objects.get(meeting=meeting, user=waiting).status == Registration.Status.CONFIRMED
