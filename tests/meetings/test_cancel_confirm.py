"""Cancelling a registration asks first: the question says what happens to the seat, and only a
POST carrying ``confirm=yes`` cancels."""

import pytest
from django.utils.html import escape

from meetings.models import Registration
from meetings.views import registrations as views
from tests.factories import MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _cancel_url(meeting) -> str:
    return f"/meetings/{meeting.pk}/cancel/"


def test_the_meeting_page_links_to_the_question_not_a_one_tap_form(client, member):
    seat = RegistrationFactory(user=member)
    client.force_login(member)
    page = client.get(seat.meeting.get_absolute_url()).content.decode()
    assert f'href="{_cancel_url(seat.meeting)}"' in page
    assert f'action="{_cancel_url(seat.meeting)}"' not in page


def test_the_question_says_the_seat_goes_to_the_waitlist_and_changes_nothing(client, member):
    meeting = MeetingFactory(capacity=1)
    seat = RegistrationFactory(meeting=meeting, user=member)
    RegistrationFactory.create_batch(
        2, meeting=meeting, status=Registration.Status.WAITLISTED, confirmed_at=None
    )
    client.force_login(member)
    response = client.get(_cancel_url(meeting))
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="confirm"' in page
    assert escape(str(views.CANCEL_SEAT_TO_WAITLIST) % {"n": 2}) in page
    assert 'name="confirm" value="yes"' in page
    seat.refresh_from_db()
    assert seat.status == Registration.Status.CONFIRMED


def test_a_post_without_confirmation_asks_again(client, member):
    seat = RegistrationFactory(user=member)
    client.force_login(member)
    response = client.post(_cancel_url(seat.meeting))
    assert response.status_code == 400 and 'data-testid="confirm"' in response.content.decode()
    seat.refresh_from_db()
    assert seat.status == Registration.Status.CONFIRMED


def test_confirming_cancels_and_promotes_the_first_in_line(client, member):
    meeting = MeetingFactory(capacity=1)
    seat = RegistrationFactory(meeting=meeting, user=member)
    waiting = RegistrationFactory(meeting=meeting, status=Registration.Status.WAITLISTED, confirmed_at=None)
    client.force_login(member)
    response = client.post(_cancel_url(meeting), {"confirm": "yes"})
    assert response.status_code == 302
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.status, waiting.status) == (Registration.Status.CANCELLED, Registration.Status.CONFIRMED)


def test_a_free_seat_and_a_waitlist_place_are_described_as_such(client, member):
    free = RegistrationFactory(user=member)
    full = MeetingFactory(capacity=1)
    RegistrationFactory(meeting=full)
    waiting = RegistrationFactory(
        meeting=full, user=member, status=Registration.Status.WAITLISTED, confirmed_at=None
    )
    client.force_login(member)
    assert escape(str(views.CANCEL_SEAT_FREE)) in client.get(_cancel_url(free.meeting)).content.decode()
    page = client.get(_cancel_url(waiting.meeting)).content.decode()
    assert escape(str(views.CANCEL_WAITLIST_PLACE) % {"n": 1}) in page
    assert escape(str(views.LEAVE_WAITLIST_YES)) in page


def test_the_question_from_my_meetings_goes_back_there(client, member):
    seat = RegistrationFactory(user=member)
    client.force_login(member)
    page = client.get(_cancel_url(seat.meeting) + "?next=mine&upcoming=2&past=x").content.decode()
    assert 'href="/meetings/mine/?upcoming=2"' in page  # the "no" button
    assert 'name="next" value="mine"' in page and 'name="upcoming" value="2"' in page


def test_the_question_without_a_registration_sends_back_to_the_meeting(client, member):
    meeting = MeetingFactory()
    client.force_login(member)
    response = client.get(_cancel_url(meeting))
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
