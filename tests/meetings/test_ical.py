import datetime as dt

import pytest
from icalendar import Calendar

from meetings import services
from meetings.models import Meeting, Registration
from tests.factories import MeetingFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    return list(cal.walk("VEVENT"))


def test_meeting_ics_parses_with_utc_times_and_stable_uid(client, meeting):
    (event,) = _events(client.get(f"/meetings/{meeting.pk}.ics"))
    start = event.decoded("dtstart")
    assert start.utcoffset() == dt.timedelta(0)
    assert start == meeting.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") == meeting.ends_at.replace(microsecond=0)
    assert "Z" in event["dtstart"].to_ical().decode()
    (again,) = _events(client.get(f"/meetings/{meeting.pk}.ics"))
    assert str(event["uid"]) == str(again["uid"]) == f"meeting-{meeting.pk}@127.0.0.1"


def test_meeting_ics_sequence_bumps_on_time_change(client, meeting, coordinator):
    (before,) = _events(client.get(f"/meetings/{meeting.pk}.ics"))
    meeting.starts_at += dt.timedelta(days=1)
    meeting.ends_at += dt.timedelta(days=1)
    services.meeting_save(meeting=meeting, actor=coordinator)
    (after,) = _events(client.get(f"/meetings/{meeting.pk}.ics"))
    assert int(after["sequence"]) == int(before["sequence"]) + 1


def test_meeting_ics_cancelled_has_status_cancelled(client, meeting, coordinator):
    services.meeting_cancel(meeting=meeting, actor=coordinator, reason="Үер")
    (event,) = _events(client.get(f"/meetings/{meeting.pk}.ics"))
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == 1


def test_meeting_ics_online_link_only_for_confirmed(client, meeting, member):
    (public,) = _events(client.get(f"/meetings/{meeting.pk}.ics"))
    assert meeting.online_url not in str(public["description"])
    RegistrationFactory(meeting=meeting, user=member)
    client.force_login(member)
    (mine,) = _events(client.get(f"/meetings/{meeting.pk}.ics"))
    assert meeting.online_url in str(mine["description"])


def test_meeting_ics_of_draft_is_404(client):
    draft = MeetingFactory(status=Meeting.Status.DRAFT)
    assert client.get(f"/meetings/{draft.pk}.ics").status_code == 404


def test_calendar_feed_lists_published_and_cancelled_not_drafts(client):
    published = MeetingFactory()
    cancelled = MeetingFactory(status=Meeting.Status.CANCELLED, cancellation_reason="x")
    MeetingFactory(status=Meeting.Status.DRAFT)
    events = _events(client.get("/meetings/calendar.ics"))
    assert {str(e["uid"]) for e in events} == {
        f"meeting-{published.pk}@127.0.0.1",
        f"meeting-{cancelled.pk}@127.0.0.1",
    }


def test_personal_feed_lists_my_meetings_only(client, member):
    mine = RegistrationFactory(user=member).meeting
    RegistrationFactory(user=member, status=Registration.Status.CANCELLED)
    RegistrationFactory()
    events = _events(client.get(f"/calendar/{member.calendar_token}.ics"))
    assert [str(e["uid"]) for e in events] == [f"meeting-{mine.pk}@127.0.0.1"]


def test_personal_feed_unknown_token_is_404(client):
    UserFactory()
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_personal_feed_revoked_token_stops_working(client, member):
    old = member.calendar_token
    member.calendar_token = "new-token-value"
    member.save(update_fields=["calendar_token"])
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get("/calendar/new-token-value.ics").status_code == 200
