"""Races on a branch's co-organisers and on its review, on PostgreSQL with real threads
(skipped on SQLite, which serialises every writer)."""

import pytest
from django.core.exceptions import ValidationError

from branches.services import organisers
from meetings import services as meeting_services
from meetings.models import Meeting
from members.models import CommunityOrganiser
from tests.concurrency.test_meetings_races import _run_together
from tests.factories import CommunityFactory, MeetingFactory, RootCommunityFactory, UserFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("round_", range(3))
def test_six_focal_person_tabs_at_once_name_at_most_five(round_):
    focal = UserFactory()
    branch = CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)
    people = UserFactory.create_batch(6)

    def add(person):
        return lambda: organisers.branch_organiser_add(community=branch, actor=focal, user=person)

    results = _run_together([add(p) for p in people])
    assert CommunityOrganiser.objects.filter(community=branch).count() == organisers.ORGANISERS_MAX
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], ValidationError), results


def test_two_publishes_of_a_reviewed_branch_submit_once(mailoutbox):
    focal = UserFactory()
    branch = CommunityFactory(parent=RootCommunityFactory(), focal_person=focal, meetings_reviewed=True)
    meeting = MeetingFactory(community=branch, status=Meeting.Status.DRAFT, published_at=None)

    def publish():
        fresh = Meeting.objects.select_related("community").get(pk=meeting.pk)
        return meeting_services.meeting_publish(meeting=fresh, actor=focal)

    results = _run_together([publish, publish])
    assert sorted(results) == [False, True], results
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.REVIEW
