import pytest

from cop_portal import emails
from meetings import services
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("template", ["waitlist_promoted", "meeting_cancelled", "meeting_changed"])
@pytest.mark.parametrize(("language", "title"), [("mn", "Сургалт X"), ("en", "Training X")])
def test_meeting_emails_render_in_the_recipients_language(member, template, language, title):
    member.preferred_language = language
    meeting = MeetingFactory(title_mn="Сургалт X", title_en="Training X")
    context = services._notice_context(meeting, reason="Үер")
    rendered = emails.render(
        f"meetings/emails/{template}", user=member, context=context, kind="meeting_notice"
    )
    assert title in rendered.subject
    assert context["url"] in rendered.text and context["url"] in rendered.html
    assert rendered.headers["List-Unsubscribe"].startswith("<")
    assert "\n" not in rendered.subject


def test_waitlist_promotion_email_reaches_the_mailbox(mailoutbox, member):
    from cop_portal.tasks import email_send

    meeting = MeetingFactory()
    email_send(
        "meetings/emails/waitlist_promoted", member.pk, services._notice_context(meeting), "meeting_notice"
    )
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [member.email]
