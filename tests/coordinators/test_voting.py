import logging

import pytest
from django.core.exceptions import ValidationError

from coordinators import messages, selectors, services
from coordinators.models import Ballot, Election, Participation
from tests.factories import local_member

pytestmark = pytest.mark.django_db


def test_casting_writes_one_participation_and_one_ballot(voting, central, member):
    choice = central.nominations.first()
    services.ballot_cast(seat=central, actor=member, nomination=choice)
    assert Participation.objects.get(seat=central).member == member
    assert list(Ballot.objects.values_list("nomination", flat=True)) == [choice.pk]


def test_a_ballot_is_final(voting, central, member):
    first, second = central.nominations.all()
    services.ballot_cast(seat=central, actor=member, nomination=first)
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(seat=central, actor=member, nomination=second)
    assert exc.value.messages == [str(messages.ALREADY_VOTED)]
    assert Ballot.objects.count() == 1


def test_abstaining_is_a_choice(voting, central, member):
    services.ballot_cast(seat=central, actor=member, nomination=None)
    assert Ballot.objects.get().nomination is None
    assert Participation.objects.count() == 1


def test_ballots_equal_participations_per_seat(voting, central, local, member):
    people = [member, local_member(), local_member()]
    for person in people:
        services.ballot_cast(seat=central, actor=person, nomination=central.nominations.first())
        services.ballot_cast(seat=local, actor=person, nomination=None)
    counts = selectors.participation_and_ballot_counts(voting)
    assert counts == {central.pk: (3, 3), local.pk: (3, 3)}


def test_voting_is_refused_outside_the_voting_phase(election, central, member):
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(seat=central, actor=member, nomination=None)
    assert exc.value.messages == [str(messages.VOTING_NOT_OPEN)]


def test_seat_level_scope_keeps_other_levels_out(voting, local, member):
    Election.objects.filter(pk=voting.pk).update(voter_scope=Election.VoterScope.SEAT_LEVEL)
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(seat=local, actor=member, nomination=None)
    assert exc.value.messages == [str(messages.VOTER_NOT_ELIGIBLE)]
    services.ballot_cast(seat=local, actor=local_member(), nomination=None)
    assert Ballot.objects.count() == 1


def test_all_members_scope_lets_every_member_vote_for_every_seat(voting, local, member):
    services.ballot_cast(seat=local, actor=member, nomination=None)
    assert Participation.objects.filter(member=member).count() == 1


def test_applicant_cannot_vote(voting, central, applicant):
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(seat=central, actor=applicant, nomination=None)
    assert exc.value.messages == [str(messages.VOTER_NOT_ELIGIBLE)]


def test_choice_must_be_a_candidate_of_the_seat(voting, central, local, member):
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(seat=central, actor=member, nomination=local.nominations.first())
    assert exc.value.messages == [str(messages.CHOICE_INVALID)]


def test_casting_logs_nothing_that_joins_voter_and_choice(voting, central, member, caplog):
    choice = central.nominations.first()
    with caplog.at_level(logging.DEBUG):
        services.ballot_cast(seat=central, actor=member, nomination=choice)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert member.email not in text and str(member.pk) not in text.split()
    assert choice.nominee.full_name not in text
