"""A held meeting is a record: no edit, cancel or series controls nor pages; attendance is
taken only from the meeting's start; the member's page speaks in the past tense."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import escape

from branches.views import meetings as views
from meetings import services
from meetings.models import Meeting
from meetings.services._common import ERROR_ATTENDANCE_TOO_EARLY
from tests.factories import (
    CommunityFactory,
    MeetingFactory,
    PastMeetingFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def focal():
    return UserFactory()


@pytest.fixture
def branch(focal):
    return CommunityFactory(focal_person=focal)


def _manage(slug, meeting, action):
    return f"/branches/{slug}/manage/meetings/{meeting.pk}/{action}/"


def test_the_manage_list_offers_no_controls_for_a_held_meeting(client, focal, branch):
    held = PastMeetingFactory(community=branch)
    coming = MeetingFactory(community=branch)
    client.force_login(focal)
    page = client.get(f"/branches/{branch.slug}/manage/?when=past").content.decode()
    assert 'data-testid="meeting-held"' in page
    assert _manage(branch.slug, held, "edit") not in page and _manage(branch.slug, held, "cancel") not in page
    assert _manage(branch.slug, held, "series") not in page
    upcoming = client.get(f"/branches/{branch.slug}/manage/?when=upcoming").content.decode()
    assert _manage(branch.slug, coming, "edit") in upcoming


@pytest.mark.parametrize("action", ["edit", "cancel", "series"])
def test_edit_cancel_and_series_refuse_a_held_meeting(client, focal, branch, action):
    held = PastMeetingFactory(community=branch)
    client.force_login(focal)
    for response in (
        client.get(_manage(branch.slug, held, action)),
        client.post(_manage(branch.slug, held, action)),
    ):
        assert response.status_code == 409
        assert escape(str(views.MEETING_HELD)) in response.content.decode()
    held.refresh_from_db()
    assert held.status == Meeting.Status.PUBLISHED


def test_attendance_is_refused_until_the_start(coordinator):
    soon = MeetingFactory(starts_at=timezone.now() + dt.timedelta(minutes=30))
    with pytest.raises(ValidationError) as refused:
        services.attendance_record_sheet(meeting=soon, present_user_ids=[], actor=coordinator)
    assert refused.value.messages == [str(ERROR_ATTENDANCE_TOO_EARLY)]
    started = MeetingFactory(starts_at=timezone.now() - dt.timedelta(minutes=5))
    assert services.attendance_record_sheet(meeting=started, present_user_ids=[], actor=coordinator) == (0, 0)


def test_the_attendance_page_says_when_it_opens(client, focal, branch):
    coming = MeetingFactory(community=branch)
    client.force_login(focal)
    page = client.get(_manage(branch.slug, coming, "attendance")).content.decode()
    assert 'data-testid="attendance-not-yet"' in page and 'name="present"' not in page


def test_a_held_meeting_speaks_in_the_past_and_hides_the_online_link(client, member):
    held = PastMeetingFactory(online_url="https://meet.example.mn/room", mode=Meeting.Mode.HYBRID)
    RegistrationFactory(meeting=held, user=member)
    client.force_login(member)
    page = client.get(held.get_absolute_url()).content.decode()
    assert 'data-testid="rsvp-past"' in page
    assert "meet.example.mn/room" not in page
