import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coordinators import messages, services
from coordinators.models import CoordinatorTerm, Election, Seat
from tests.factories import NominationFactory, bulk_votes, election_with_seats

pytestmark = pytest.mark.django_db


def test_scheduled_phase_follows_the_dates(election):
    e = election
    assert e.scheduled_phase(e.nominations_open_at - dt.timedelta(seconds=1)) == "scheduled"
    assert e.scheduled_phase(e.nominations_open_at) == "nomination"
    assert e.scheduled_phase(e.nominations_close_at) == "nominations_closed"
    assert e.scheduled_phase(e.voting_open_at) == "voting"
    assert e.scheduled_phase(e.voting_close_at) == "voting_closed"


def test_task_advances_to_the_phase_of_the_dates_and_is_idempotent(election):
    later = election.voting_open_at + dt.timedelta(minutes=1)
    assert services.elections_advance_due(now=later) == 2
    election.refresh_from_db()
    assert election.phase == Election.Phase.VOTING
    assert services.elections_advance_due(now=later) == 0


def test_task_never_moves_a_phase_backwards(election):
    services.election_advance(election=election, actor=None)  # closed early by a coordinator
    services.elections_advance_due(now=election.nominations_open_at + dt.timedelta(minutes=1))
    election.refresh_from_db()
    assert election.phase == Election.Phase.NOMINATIONS_CLOSED


def test_task_does_nothing_before_the_first_date():
    election, _c, _l = election_with_seats(phase=Election.Phase.SCHEDULED)
    services.elections_advance_due(now=election.nominations_open_at - dt.timedelta(hours=1))
    election.refresh_from_db()
    assert election.phase == Election.Phase.SCHEDULED


def test_coordinator_advance_starts_the_next_phase_now_and_moves_its_date(election, coordinator):
    now = timezone.now()
    services.election_advance(election=election, actor=coordinator, now=now)
    election.refresh_from_db()
    assert election.phase == Election.Phase.NOMINATIONS_CLOSED
    assert election.nominations_close_at == now


def test_closing_voting_records_turnout_publishes_and_creates_terms(voting, central, coordinator):
    winner = central.nominations.first()
    bulk_votes(central, [winner, winner, None])
    services.election_advance(election=voting, actor=coordinator)
    voting.refresh_from_db()
    assert voting.phase == Election.Phase.PUBLISHED
    assert voting.turnout["voted"] == 3
    term = CoordinatorTerm.objects.get(seat=central)
    assert (term.member, term.starts_on, term.ends_on) == (
        winner.nominee,
        voting.term_starts_on,
        voting.term_ends_on,
    )


def test_published_election_cannot_advance(voting, coordinator):
    services.election_advance(election=voting, actor=coordinator)
    with pytest.raises(ValidationError) as exc:
        services.election_advance(election=voting, actor=coordinator)
    assert exc.value.messages == [str(messages.PHASE_ALREADY_FINAL)]


def test_a_tie_blocks_publication_until_lots_are_recorded(voting, central, coordinator):
    a, b = central.nominations.all()
    bulk_votes(central, [a, b])
    services.election_advance(election=voting, actor=coordinator)
    voting.refresh_from_db()
    assert voting.phase == Election.Phase.VOTING_CLOSED
    with pytest.raises(ValidationError) as exc:
        services.election_publish(election=voting, actor=coordinator)
    assert exc.value.messages == [str(messages.PHASE_TIE_PENDING)]
    services.tie_break_record(seat=central, winner=b, actor=coordinator, note="Drawn by the chair, 10:00")
    voting.refresh_from_db()
    assert voting.phase == Election.Phase.PUBLISHED
    assert CoordinatorTerm.objects.get(seat=central).member == b.nominee


def test_lots_must_pick_a_tied_candidate(voting, central, coordinator):
    a, b = central.nominations.all()
    c = NominationFactory(seat=central)
    bulk_votes(central, [a, b, a, b, c])
    services.election_advance(election=voting, actor=coordinator)
    with pytest.raises(ValidationError) as exc:
        services.tie_break_record(seat=central, winner=c, actor=coordinator, note="x")
    assert exc.value.messages == [str(messages.TIE_WINNER_INVALID)]


def test_runoff_rule_opens_a_runoff_between_the_tied_and_its_winner_is_elected(
    voting, central, coordinator, member
):
    Election.objects.filter(pk=voting.pk).update(tie_rule=Election.TieRule.RUNOFF)
    a, b = central.nominations.all()
    bulk_votes(central, [a, b])
    services.election_advance(election=voting, actor=coordinator)
    runoff = services.seat_runoff_start(
        seat=central, actor=coordinator, closes_at=timezone.now() + dt.timedelta(days=2)
    )
    voting.refresh_from_db()
    assert voting.phase == Election.Phase.VOTING and voting.round == 2
    assert set(runoff.nominations.values_list("nominee", flat=True)) == {a.nominee_id, b.nominee_id}
    services.ballot_cast(seat=runoff, actor=member, nomination=runoff.nominations.get(nominee=b.nominee))
    with pytest.raises(ValidationError):  # round one is over
        services.ballot_cast(seat=central, actor=member, nomination=a)
    services.election_advance(election=voting, actor=coordinator)
    voting.refresh_from_db()
    assert voting.phase == Election.Phase.PUBLISHED
    assert CoordinatorTerm.objects.get(seat=central).member == b.nominee
    assert Seat.objects.filter(runoff_of=central).count() == 1


def test_next_step_names_the_following_phase_and_its_date(election):
    label, when = election.next_step()
    assert label == Election.Phase.NOMINATIONS_CLOSED.label
    assert when == election.nominations_close_at


def test_phase_task_is_scheduled_and_runs(settings, election):
    from coordinators import tasks

    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "coordinators.tasks.elections_advance_due",
        "coordinators.tasks.voting_reminders_send_due",
        "coordinators.tasks.coordinator_terms_sync",
    } <= tasks_scheduled
    assert tasks.elections_advance_due.apply().get() == 0
