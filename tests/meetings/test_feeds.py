"""Calendar feeds: the window, who is in a personal feed."""

import pytest

from meetings import selectors
from meetings.models import Registration
from tests.meetings.factories import MeetingFactory, RegistrationFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_personal_feed_keeps_a_meeting_someone_else_cancelled_on(member):
    meeting = MeetingFactory()
    RegistrationFactory(meeting=meeting, user=member)
    RegistrationFactory(meeting=meeting, user=UserFactory(), status=Registration.Status.CANCELLED)
    mine_cancelled = MeetingFactory()
    RegistrationFactory(meeting=mine_cancelled, user=member, status=Registration.Status.CANCELLED)
    assert list(selectors.meeting_list_calendar(user=member)) == [meeting]
