"""The close is the close: ballots stop at ``voting_close_at`` whatever the phase says, and once
voting has opened the dates only move later, with a recorded reason."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coordinators import messages, services
from coordinators.models import Election, Participation, TimelineChange

pytestmark = pytest.mark.django_db


def test_a_ballot_at_the_close_is_refused_though_the_phase_is_still_voting(voting, central, member):
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(seat=central, actor=member, nomination=None, now=voting.voting_close_at)
    assert exc.value.messages == [str(messages.VOTING_HAS_CLOSED)]
    assert not Participation.objects.exists()


def test_a_ballot_a_minute_after_the_close_is_refused(voting, central, member):
    late = voting.voting_close_at + dt.timedelta(minutes=1)
    with pytest.raises(ValidationError):
        services.ballot_cast(seat=central, actor=member, nomination=None, now=late)
    assert not Participation.objects.exists()


def test_a_ballot_just_before_the_close_counts(voting, central, member):
    just_before = voting.voting_close_at - dt.timedelta(seconds=1)
    services.ballot_cast(seat=central, actor=member, nomination=None, now=just_before)
    assert Participation.objects.filter(member=member).count() == 1


def test_the_vote_page_refuses_after_the_close_before_the_task_runs(client, voting, central, member):
    Election.objects.filter(pk=voting.pk).update(
        voting_close_at=voting.voting_open_at + dt.timedelta(hours=1)
    )
    client.force_login(member)
    url = f"/elections/{voting.year}/seats/{central.pk}/vote/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"choice": "abstain", "confirm": "yes"})
    assert response.status_code == 400
    assert str(messages.VOTING_HAS_CLOSED) in response.content.decode()
    assert not Participation.objects.exists()


def test_a_coordinator_cannot_close_voting_early(voting, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.election_advance(election=voting, actor=coordinator)
    assert exc.value.messages == [str(messages.VOTING_CLOSE_NOT_EARLY)]
    voting.refresh_from_db()
    assert voting.phase == Election.Phase.VOTING


def test_a_coordinator_may_close_once_the_time_has_come(voting, coordinator):
    services.election_advance(election=voting, actor=coordinator, now=voting.voting_close_at)
    voting.refresh_from_db()
    assert voting.phase_at_least(Election.Phase.VOTING_CLOSED)


def test_extending_voting_moves_the_close_later_and_records_why(voting, coordinator, central, member):
    old_close = voting.voting_close_at
    new_close = old_close + dt.timedelta(days=2)
    services.election_voting_extend(
        election=voting, actor=coordinator, closes_at=new_close, reason="Интернэт тасарсан"
    )
    voting.refresh_from_db()
    assert voting.voting_close_at == new_close
    change = TimelineChange.objects.get(election=voting)
    assert (change.previous_close_at, change.new_close_at, change.reason, change.changed_by) == (
        old_close,
        new_close,
        "Интернэт тасарсан",
        coordinator,
    )
    services.ballot_cast(seat=central, actor=member, nomination=None, now=old_close + dt.timedelta(hours=1))
    assert Participation.objects.filter(member=member).exists()


@pytest.mark.parametrize("delta", [dt.timedelta(0), -dt.timedelta(hours=1)])
def test_voting_cannot_be_shortened(voting, coordinator, delta):
    with pytest.raises(ValidationError) as exc:
        services.election_voting_extend(
            election=voting, actor=coordinator, closes_at=voting.voting_close_at + delta, reason="Шалтгаан"
        )
    assert exc.value.messages == [str(messages.EXTENSION_NOT_LATER)]
    assert not TimelineChange.objects.exists()


def test_an_extension_needs_a_reason(voting, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.election_voting_extend(
            election=voting,
            actor=coordinator,
            closes_at=voting.voting_close_at + dt.timedelta(days=1),
            reason=" ",
        )
    assert exc.value.messages == [str(messages.EXTENSION_REASON_REQUIRED)]


def test_only_open_voting_can_be_extended(election, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.election_voting_extend(
            election=election,
            actor=coordinator,
            closes_at=election.voting_close_at + dt.timedelta(days=1),
            reason="x",
        )
    assert exc.value.messages == [str(messages.EXTENSION_NOT_VOTING)]


def test_the_admin_shows_the_dates_read_only_once_voting_opens(client, coordinator, voting):
    client.force_login(coordinator)
    page = client.get(f"/admin/coordinators/election/{voting.pk}/change/").content.decode()
    for field in ("nominations_open_at", "voting_open_at", "voting_close_at"):
        assert f'name="{field}_0"' not in page and f'name="{field}"' not in page


def test_the_admin_extend_action_asks_for_a_reason_then_extends(client, coordinator, voting):
    client.force_login(coordinator)
    data = {"action": "extend_voting", "_selected_action": [voting.pk]}
    response = client.post("/admin/coordinators/election/", data)
    assert response.status_code == 200 and b'name="reason"' in response.content
    new_close = timezone.localtime(voting.voting_close_at + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        "/admin/coordinators/election/", {**data, "closes_at": new_close, "reason": "Сүлжээний саатал"}
    )
    change = TimelineChange.objects.get(election=voting)
    assert change.reason == "Сүлжээний саатал" and change.changed_by == coordinator


def test_the_election_page_shows_the_extension_and_its_reason(client, voting, coordinator):
    services.election_voting_extend(
        election=voting,
        actor=coordinator,
        closes_at=voting.voting_close_at + dt.timedelta(days=1),
        reason="Баяр",
    )
    page = client.get(f"/elections/{voting.year}/").content.decode()
    assert 'data-testid="extension"' in page and "Баяр" in page
