"""Calendar feeds: the window, who is in a personal feed."""

import pytest

from meetings import selectors, services
from meetings.models import Registration
from tests.factories import MeetingFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_personal_feed_keeps_a_meeting_someone_else_cancelled_on(member):
    meeting = MeetingFactory()
    RegistrationFactory(meeting=meeting, user=member)
    RegistrationFactory(meeting=meeting, user=UserFactory(), status=Registration.Status.CANCELLED)
    mine_cancelled = MeetingFactory()
    RegistrationFactory(meeting=mine_cancelled, user=member, status=Registration.Status.CANCELLED)
    assert list(selectors.meeting_list_calendar(user=member)) == [meeting]


def test_all_meetings_feed_window_is_twelve_months_back_and_everything_ahead():
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    old = MeetingFactory(starts_at=now - dt.timedelta(days=400))
    recent = MeetingFactory(starts_at=now - dt.timedelta(days=300))
    far = MeetingFactory(starts_at=now + dt.timedelta(days=900))
    feed = list(selectors.meeting_list_calendar())
    assert recent in feed and far in feed and old not in feed


def test_feed_answers_conditional_gets_with_304_and_compresses(
    client, coordinator, fresh_cache, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(title_mn="Анхны")
    first = client.get("/meetings/calendar.ics", HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200 and first["Content-Encoding"] == "gzip"
    assert "public" in first["Cache-Control"] and first["ETag"] and first["Last-Modified"]
    again = client.get("/meetings/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get("/meetings/calendar.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    plain = client.get("/meetings/calendar.ics")
    assert b"BEGIN:VCALENDAR" in plain.content

    with django_capture_on_commit_callbacks(execute=True):
        meeting.title_mn = "Засварласан"
        services.meeting_save(meeting=meeting, actor=coordinator)
    changed = client.get("/meetings/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Засварласан" in changed.content.decode()


def test_personal_feed_is_private_and_conditional(client, member, fresh_cache):
    RegistrationFactory(meeting=MeetingFactory(), user=member)
    url = f"/calendar/{member.calendar_token}.ics"
    first = client.get(url)
    assert first.status_code == 200 and first["Cache-Control"].startswith("private")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    other = UserFactory()
    assert b"BEGIN:VEVENT" not in client.get(f"/calendar/{other.calendar_token}.ics").content


def test_a_rebuild_of_unchanged_data_keeps_the_etag(client, fresh_cache):
    from django.core.cache import cache

    MeetingFactory()
    first = client.get("/meetings/calendar.ics")
    cache.clear()  # the entry expired: the feed is built again, with a new DTSTAMP
    assert client.get("/meetings/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
