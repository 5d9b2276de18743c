"""Elections and the page cache: the ballot count (raw SQL, no model signal) names its
election; a vote drops no meeting page nor the home page."""

import pytest

from coordinators import services
from cop_portal import pagecache
from tests.factories import MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def test_the_ballot_count_names_its_election_and_the_turnout(voting, central, member):
    services.ballot_cast(seat=central, actor=member, nomination=central.nominations.first())
    names = [f"election:{voting.year}", "insights"]
    before = pagecache.versions(names)
    services.ballots_unseal(voting)
    after = pagecache.versions(names)
    assert [after[n] != before[n] for n in names] == [True, True]


def test_a_vote_keeps_the_meeting_pages_cached(client, voting, central, member):
    meeting = MeetingFactory()
    urls = ("/", "/meetings/", meeting.get_absolute_url())
    for url in urls:
        client.get(url)
    services.ballot_cast(seat=central, actor=member, nomination=central.nominations.first())
    assert [client.get(url)["X-Page-Cache"] for url in urls] == ["hit", "hit", "hit"]


def test_a_vote_names_its_election(voting, central, member):
    before = pagecache.versions([f"election:{voting.year}"])
    services.ballot_cast(seat=central, actor=member, nomination=central.nominations.first())
    assert pagecache.versions([f"election:{voting.year}"]) != before
