"""Meeting notices reach members as the reminders' delivery e-mail, in their language."""

import pytest

from meetings.models import Registration
from meetings.reminders import services as reminders
from notices import services as outbox
from notices.models import Delivery
from tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["meeting_promoted", "meeting_changed", "meeting_cancelled"])
@pytest.mark.parametrize(("language", "title"), [("mn", "Сургалт X"), ("en", "Training X")])
def test_notices_render_in_the_recipients_language(member, kind, language, title):
    member.preferred_language = language
    member.save()
    meeting = MeetingFactory(title_mn="Сургалт X", title_en="Training X")
    reminders.notice_enqueue(meeting_id=meeting.pk, user_ids=[member.pk], kind=kind)
    row = Delivery.objects.select_related("user").get()
    [message] = outbox.deliveries_build([row])
    url = f"/meetings/{meeting.pk}/"
    assert title in message.subject and "\n" not in message.subject
    assert url in message.body and url in message.alternatives[0][0]
    assert message.extra_headers["List-Unsubscribe"].startswith("<")


def test_promotion_from_the_waitlist_queues_one_notice_that_is_sent(mailoutbox, member):
    from meetings import services
    from tests.factories import UserFactory

    meeting = MeetingFactory(capacity=1)
    first = UserFactory()
    seat = services.rsvp_create(meeting=meeting, user=first, actor=first)
    waiting = services.rsvp_create(meeting=meeting, user=member, actor=member)
    assert waiting.status == Registration.Status.WAITLISTED
    services.rsvp_cancel(registration=seat, actor=first)
    # The first member's confirmation is skipped: they cancelled before it went out.
    assert outbox.notices_send_due() == 1
    assert [m.to for m in mailoutbox] == [[member.email]]
    assert Delivery.objects.get(user=member).kind == "meeting_promoted"
    assert Delivery.objects.get(user=first).status == Delivery.Status.SKIPPED
