"""The e-mail attachment and the feeds come from one builder: the same event in both."""

import pytest
from icalendar import Calendar

from meetings import services
from meetings.ical import meeting_ics
from meetings.models import Meeting, Registration

pytestmark = pytest.mark.django_db

SAME = ("uid", "sequence", "dtstart", "dtend", "location", "status", "url", "summary")


def _event(content: bytes):
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    return event


def test_attachment_is_the_event_a_confirmed_member_downloads(client, meeting, member):
    Registration.objects.create(meeting=meeting, user=member, status=Registration.Status.CONFIRMED)
    client.force_login(member)
    downloaded = _event(client.get(f"/meetings/{meeting.pk}.ics").content)
    attached = _event(meeting_ics(meeting, agenda=["Нээлт", "Хэлэлцүүлэг"]))
    assert {k: str(attached[k]) for k in SAME} == {k: str(downloaded[k]) for k in SAME}
    assert attached["dtstart"].to_ical().decode().endswith("Z")
    assert meeting.online_url in str(attached["description"])
    assert "Нээлт\nХэлэлцүүлэг" in str(attached["description"])


def test_attachment_of_a_cancelled_meeting_drops_the_online_link(meeting, coordinator):
    services.meeting_cancel(meeting=meeting, actor=coordinator, reason="Үер")
    meeting.refresh_from_db()
    attached = _event(meeting_ics(meeting))
    assert str(attached["status"]) == "CANCELLED"
    assert str(attached["transp"]) == "TRANSPARENT"
    assert "Үер" in str(attached["description"])
    assert meeting.online_url not in str(attached["description"])
    assert meeting.status == Meeting.Status.CANCELLED
