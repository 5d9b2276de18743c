"""The rules of coordinators.permissions and the checks the ballot page shares with ballot_cast."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from coordinators import messages, permissions, selectors, services

pytestmark = pytest.mark.django_db


def test_running_the_election_is_for_coordinators(coordinator, member):
    assert permissions.user_can_manage_election(coordinator)
    assert permissions.user_can_withdraw_nomination(coordinator)
    assert not permissions.user_can_manage_election(member)
    assert not permissions.user_can_withdraw_nomination(member)
    assert not permissions.user_can_manage_election(AnonymousUser())


def test_applicants_may_neither_nominate_nor_vote(voting, central, applicant, member):
    assert not permissions.user_can_nominate(applicant)
    assert not permissions.user_can_vote_for(applicant, central)
    assert permissions.user_can_nominate(member)


def test_ballot_check_names_a_second_vote_by_its_code(voting, central, member):
    services.ballot_check(seat=central, actor=member)
    services.ballot_cast(seat=central, actor=member, nomination=None)
    with pytest.raises(ValidationError) as refused:
        services.ballot_check(seat=central, actor=member)
    assert refused.value.code == messages.ALREADY_VOTED_CODE
    assert refused.value.messages == [str(messages.ALREADY_VOTED)]


def test_ballot_page_refuses_with_the_reason_ballot_cast_would_give(client, election, central, member):
    client.force_login(member)
    response = client.get(f"/elections/{election.year}/seats/{central.pk}/vote/")
    assert response.status_code == 403
    assert str(messages.VOTING_NOT_OPEN) in response.content.decode()


def test_seat_of_another_year_is_404(client, voting, central, member):
    client.force_login(member)
    assert client.get(f"/elections/{voting.year + 1}/seats/{central.pk}/vote/").status_code == 404


def test_no_pending_tie_without_votes(voting, central):
    assert selectors.seat_result_get_pending_tie(election=voting, seat=central) is None


def test_seat_get_for_page_brings_its_election_and_candidates(voting, central, django_assert_num_queries):
    with django_assert_num_queries(2):
        seat = selectors.seat_get_for_page(year=voting.year, pk=central.pk)
        assert seat.election.pk == voting.pk
        assert len(seat.shown_nominations) == 2
