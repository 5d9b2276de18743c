"""Who sees a link or an address: notices follow the page's rules (issue 12)."""

import pytest

from meetings.models import Meeting, Registration
from meetings.reminders import services as reminders
from members.models import UNNAMED_MEMBER
from notices import services as outbox
from tests.factories import MeetingFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK = "https://meet.example.mn/secret-room"


def _parts(message) -> tuple[str, str, str]:
    html = message.alternatives[0][0]
    ics = next(a for a in message.attachments if a[0].endswith(".ics"))[1]
    return message.body, html, ics if isinstance(ics, str) else ics.decode()


def _notice(kind, mailoutbox):
    meeting = MeetingFactory(mode=Meeting.Mode.HYBRID, online_url=LINK)
    seated = RegistrationFactory(meeting=meeting).user
    waiting = RegistrationFactory(meeting=meeting, status=Registration.Status.WAITLISTED).user
    reminders.notice_enqueue(meeting_id=meeting.pk, user_ids=[seated.pk, waiting.pk], kind=kind)
    if kind == "meeting_cancelled":
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancellation_reason = "Үер"
        meeting.save()
    outbox.notices_send_due()
    return {m.to[0]: m for m in mailoutbox}, seated, waiting


def test_changed_notice_carries_the_link_to_confirmed_registrants_only(mailoutbox):
    messages, seated, waiting = _notice("meeting_changed", mailoutbox)
    for part in _parts(messages[seated.email]):
        assert LINK in part.replace("\r\n ", "")
    for part in _parts(messages[waiting.email]):
        assert LINK not in part.replace("\r\n ", "")


def test_cancelled_notice_carries_the_link_to_nobody(mailoutbox):
    messages, seated, waiting = _notice("meeting_cancelled", mailoutbox)
    assert set(messages) == {seated.email, waiting.email}
    for message in messages.values():
        for part in _parts(message):
            assert LINK not in part.replace("\r\n ", "")


def test_directory_never_shows_an_email_for_a_blank_name(client, member):
    hidden = UserFactory(full_name="", contact_visible=False, organisation=member.organisation)
    client.force_login(member)
    page = client.get("/members/").content.decode()
    assert hidden.email not in page
    assert str(UNNAMED_MEMBER) in page
    assert hidden.email not in (str(hidden), hidden.get_full_name(), hidden.get_short_name())
