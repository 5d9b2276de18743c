"""Election e-mails: "voting is open" to every voter, and the reminder before voting closes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from notices.selectors import delivery_recipient_ids
from notices.services import notify

from ..models import Election, Participation, Seat
from ..selectors import voters_for_election


def _context(election: Election) -> dict:
    return {
        "year": election.year,
        "close_at": timezone.localtime(election.voting_close_at).strftime("%Y-%m-%d %H:%M"),
        "url": f"{settings.SITE_URL}{election.get_absolute_url()}",
    }


def _round_key(election: Election, what: str) -> str:
    return f"election-{election.pk}:round-{election.round}:{what}"


def voting_open_notify(*, election: Election, seats: list[Seat] | None = None) -> int:
    """Queue "voting is open" (deadline and link) to every member who may vote for one of
    ``seats`` (default: the seats of the current round). Called in the transaction that opens
    voting, which happens once per round, so each voter gets it once; sent after the commit.
    Returns how many."""
    if seats is None:
        seats = [s for s in election.seats.all() if s.round == election.round]
    user_ids = list(voters_for_election(election, seats).values_list("pk", flat=True))
    notify(
        "voting_open",
        recipients=user_ids,
        key=_round_key(election, "voting-open"),
        about=election,
        context=_context(election),
    )
    return len(user_ids)


def nominations_open_notify(*, election: Election) -> int:
    """Announce to every eligible voter that nominations are open (until when, and when voting
    runs). Called in the transaction that opens nominations; once per election by its key.
    Returns how many."""
    seats = [s for s in election.seats.all() if s.round == election.round]
    user_ids = list(voters_for_election(election, seats).values_list("pk", flat=True))
    stamp = "%Y-%m-%d %H:%M"
    notify(
        "nominations_open",
        recipients=user_ids,
        key=f"election-{election.pk}:nominations-open",
        about=election,
        context={
            **_context(election),
            "close_at": timezone.localtime(election.nominations_close_at).strftime(stamp),
            "voting_open_at": timezone.localtime(election.voting_open_at).strftime(stamp),
            "voting_close_at": timezone.localtime(election.voting_close_at).strftime(stamp),
        },
    )
    return len(user_ids)


def voters_not_done(election: Election, seats: list[Seat]):
    """Voters who have not yet voted for every one of ``seats`` they may vote for."""
    if election.voter_scope == Election.VoterScope.SEAT_LEVEL:
        missing = Q()
        for seat in seats:
            voted = Participation.objects.filter(seat=seat).values("member_id")
            missing |= Q(organisation__level=seat.level) & ~Q(pk__in=voted)
        return (
            voters_for_election(election, seats).filter(missing)
            if seats
            else voters_for_election(election, [])
        )
    missing = Q()
    for seat in seats:
        missing |= ~Q(pk__in=Participation.objects.filter(seat=seat).values("member_id"))
    return voters_for_election(election, seats).filter(missing)


def voting_reminders_send_due(*, now: dt.datetime | None = None) -> int:
    """Queue a reminder to each voter who has not yet voted for every seat of the current round
    they may vote for, in an election closing within the window (a run-off round reminds again,
    for its seats only); the outbox's unique row (kind, member, election and round) makes it
    exactly once even if runs overlap. Returns how many were queued."""
    now = now or timezone.now()
    window = dt.timedelta(hours=settings.COP_ELECTION_REMINDER_HOURS)
    elections = Election.objects.filter(
        phase=Election.Phase.VOTING, voting_close_at__gt=now, voting_close_at__lte=now + window
    ).prefetch_related("seats")
    queued = 0
    for election in elections:
        seats = [s for s in election.seats.all() if s.round == election.round]
        if not seats:
            continue
        key = _round_key(election, "reminder")
        due = (
            voters_not_done(election, seats)
            .exclude(pk__in=delivery_recipient_ids(kind="voting_reminder", key=key))
            .values_list("pk", flat=True)
            .distinct()
        )
        queued += notify(
            "voting_reminder", recipients=list(due), key=key, about=election, context=_context(election)
        )
    return queued
