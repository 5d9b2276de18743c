import pytest

from coordinators import selectors, services
from coordinators.models import Election
from members.models import Level
from tests.factories import bulk_votes

pytestmark = pytest.mark.django_db


def test_results_selector_refuses_before_voting_closes(voting, central, member):
    services.ballot_cast(seat=central, actor=member, nomination=central.nominations.first())
    with pytest.raises(selectors.ResultsNotAvailable):
        selectors.election_results(voting)


def test_results_page_shows_no_counts_before_voting_closes(client, voting, central, member):
    services.ballot_cast(seat=central, actor=member, nomination=central.nominations.first())
    page = client.get(voting.get_absolute_url()).content.decode()
    assert 'data-testid="results-hidden"' in page
    assert 'data-testid="results"' not in page
    assert "Abstentions" not in page and "Татгалзсан" not in page


def test_results_after_close_count_votes_and_abstentions(voting, central, coordinator):
    a, b = central.nominations.order_by("pk")
    bulk_votes(central, [a, a, b, None])
    services.election_advance(election=voting, actor=coordinator)
    voting.refresh_from_db()
    result = next(r for r in selectors.election_results(voting) if r.seat == central)
    assert {c.nomination.pk: c.votes for c in result.candidates} == {a.pk: 2, b.pk: 1}
    assert (result.abstentions, result.ballots, result.winner) == (1, 4, a)


def test_tally_is_one_query(voting, central, local, django_assert_num_queries):
    bulk_votes(central, [central.nominations.first()] * 5)
    bulk_votes(local, [None] * 3)
    with django_assert_num_queries(1):
        counts = selectors.tally(voting)
    assert sum(counts[central.pk].values()) == 5 and counts[local.pk] == {None: 3}


def test_turnout_by_gender_and_level(voting, central, coordinator):
    bulk_votes(central, [None, None], gender="man", level=Level.CENTRAL)
    bulk_votes(central, [None], gender="woman", level=Level.LOCAL)
    services.election_advance(election=voting, actor=coordinator)
    voting.refresh_from_db()
    turnout = voting.turnout
    assert turnout["voted"] == 3
    voted_by_gender = {r["key"]: r["voted"] for r in turnout["by_gender"]}
    assert voted_by_gender["man"] == 2 and voted_by_gender["woman"] == 1
    voted_by_level = {r["key"]: r["voted"] for r in turnout["by_level"]}
    assert voted_by_level == {"central": 2, "local": 1}
    assert turnout["eligible"] >= 3


def test_results_page_after_close_shows_turnout_and_winner(client, voting, central, coordinator):
    a = central.nominations.first()
    bulk_votes(central, [a, a])
    services.election_advance(election=voting, actor=coordinator)
    page = client.get(voting.get_absolute_url()).content.decode()
    assert 'data-testid="results"' in page and 'data-testid="turnout"' in page
    assert 'data-testid="elected"' in page
    assert Election.objects.get(pk=voting.pk).phase == Election.Phase.PUBLISHED


def test_tally_counts_each_choice_and_blank_ballots(voting, central, local):
    """The count only; its speed at 20,000 ballots is measured by ``bench/tally.py``."""
    from coordinators.models import Ballot

    a, b = central.nominations.all()
    choices = [a, b, None, a]
    Ballot.objects.bulk_create(Ballot(seat=central, nomination=choices[i % 4]) for i in range(400))
    counts = selectors.tally(voting)
    assert counts[central.pk] == {a.pk: 200, b.pk: 100, None: 100}
    assert not counts.get(local.pk)
