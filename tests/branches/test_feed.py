"""A branch's own calendar feed: valid iCalendar, the branch's (and sub-branches') published
and cancelled meetings only, never an online link, cached and answered with 304."""

from __future__ import annotations

import pytest
from django.urls import reverse
from icalendar import Calendar

from meetings import services
from meetings.models import Meeting
from members.models import Community
from tests.factories import CommunityFactory, MeetingFactory, RootCommunityFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


@pytest.fixture
def branch():
    return CommunityFactory(parent=RootCommunityFactory(), name_en="IGG branch")


def _feed(client, community, **headers):
    return client.get(reverse("branches:branch-calendar", kwargs={"slug": community.slug}), **headers)


def _strict(body: bytes) -> Calendar:
    """Parse strictly: every line folded at 75 octets, CRLF endings, the required properties."""
    for line in body.split(b"\r\n"):
        assert len(line) <= 75, line
    assert body.endswith(b"\r\n") and b"\n" not in body.replace(b"\r\n", b"")
    calendar = Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    for event in calendar.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert required in event, required
    return calendar


def test_feed_is_valid_and_holds_the_branch_meetings_without_links(client, branch):
    sub = CommunityFactory(parent=branch)
    own = MeetingFactory(community=branch, title_mn="Салбарын уулзалт")
    under = MeetingFactory(community=sub, title_mn="Дэд салбарын уулзалт")
    cancelled = MeetingFactory(
        community=branch, status=Meeting.Status.CANCELLED, cancellation_reason="Цас", title_mn="Цуцлагдсан"
    )
    MeetingFactory(community=branch, status=Meeting.Status.DRAFT, published_at=None, title_mn="Ноорог")
    MeetingFactory(community=RootCommunityFactory(), title_mn="Үндсэн бүлгийн уулзалт")
    response = _feed(client, branch)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "public" in response["Cache-Control"]
    calendar = _strict(response.content)
    summaries = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(summaries) == {own.title_mn, under.title_mn, cancelled.title_mn}
    assert summaries[cancelled.title_mn]["STATUS"] == "CANCELLED"
    # The online link is for registrants with a seat: the public feed hides it, so does this one.
    assert b"meet.example.mn" not in response.content


def test_a_signed_in_registrant_still_gets_no_link(client, branch):
    from tests.factories import RegistrationFactory

    meeting = MeetingFactory(community=branch)
    person = UserFactory()
    RegistrationFactory(meeting=meeting, user=person)
    client.force_login(person)
    assert b"meet.example.mn" not in _feed(client, branch).content


def test_feed_answers_304_and_follows_writes(client, branch, coordinator, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(community=branch, title_mn="Анхны")
    first = _feed(client, branch, HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip" and first["ETag"]
    assert _feed(client, branch, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        meeting.title_mn = "Засварласан"
        services.meeting_save(meeting=meeting, actor=coordinator)
    changed = _feed(client, branch, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Засварласан".encode() in changed.content


def test_a_pending_branch_feed_is_hidden_from_visitors(client):
    pending = CommunityFactory(parent=RootCommunityFactory(), status=Community.Status.PENDING)
    assert _feed(client, pending).status_code == 404
    assert client.get("/branches/no-such-branch/calendar.ics").status_code == 404
