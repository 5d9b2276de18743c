"""Counting: the tally, each seat's result and the ties still to break."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from ..models import (
    Ballot,
    Election,
    Nomination,
    Participation,
    SealedBallot,
    Seat,
)
from .elections import ResultsNotAvailable, election_get_for_page


def tally(election: Election) -> dict[int, dict[int | None, int]]:
    """Votes per seat and choice (``None`` = abstention) in one GROUP BY query.

    Internal: callers showing results go through ``election_results``.
    """
    rows = (
        Ballot.objects.filter(seat__election_id=election.pk)
        .values_list("seat_id", "nomination_id")
        .annotate(votes=Count("pk"))
        .order_by()
    )
    counts: dict[int, dict[int | None, int]] = {}
    for seat_id, nomination_id, votes in rows:
        counts.setdefault(seat_id, {})[nomination_id] = votes
    return counts


@dataclass
class CandidateResult:
    nomination: Nomination
    votes: int
    elected: bool = False
    tied: bool = False


@dataclass
class SeatResult:
    seat: Seat
    candidates: list[CandidateResult]
    abstentions: int
    ballots: int
    winner: Nomination | None = None
    tied: list[Nomination] = field(default_factory=list)
    runoff: SeatResult | None = None

    @property
    def tie_pending(self) -> bool:
        """A tie for first place that neither lots nor a run-off has decided yet."""
        return bool(self.tied) and self.winner is None


def _seat_result(seat: Seat, counts: dict, runoffs: dict[int, Seat], all_counts: dict) -> SeatResult:
    nominations = getattr(seat, "shown_nominations", None)
    if nominations is None:
        nominations = list(
            seat.nominations.filter(
                status__in=(Nomination.Status.ACCEPTED, Nomination.Status.WITHDRAWN)
            ).select_related("nominee__organisation")
        )
    candidates = [
        CandidateResult(nomination=n, votes=counts.get(n.pk, 0))
        for n in nominations
        if n.status == Nomination.Status.ACCEPTED or counts.get(n.pk, 0)
    ]
    candidates.sort(key=lambda c: (-c.votes, c.nomination.nominee.full_name))
    electable = [c for c in candidates if c.nomination.status == Nomination.Status.ACCEPTED and c.votes > 0]
    result = SeatResult(
        seat=seat,
        candidates=candidates,
        abstentions=counts.get(None, 0),
        ballots=sum(counts.values()),
    )
    if not electable:
        return result
    top = electable[0].votes
    leaders = [c for c in electable if c.votes == top]
    if len(leaders) == 1:
        result.winner = leaders[0].nomination
    else:
        result.tied = [c.nomination for c in leaders]
        for c in leaders:
            c.tied = True
        tie_break = getattr(seat, "tie_break", None) if _has_tie_break(seat) else None
        runoff = runoffs.get(seat.pk)
        if tie_break is not None:
            result.winner = next((n for n in result.tied if n.pk == tie_break.winner_id), None)
        elif runoff is not None:
            result.runoff = _seat_result(runoff, all_counts.get(runoff.pk, {}), runoffs, all_counts)
            if result.runoff.winner is not None:
                # The run-off seat has its own nomination rows: map back by nominee.
                won = result.runoff.winner.nominee_id
                result.winner = next((n for n in result.tied if n.nominee_id == won), None)
    for c in candidates:
        c.elected = result.winner is not None and c.nomination.pk == result.winner.pk
    return result


def _has_tie_break(seat: Seat) -> bool:
    try:
        seat.tie_break  # noqa: B018 - reading the reverse one-to-one
    except Seat.tie_break.RelatedObjectDoesNotExist:
        return False
    return True


def seat_results(election: Election, seats=None) -> list[SeatResult]:
    """Results per seat (run-off seats folded into the seat they decide). No visibility check."""
    seats = list(seats if seats is not None else election_get_for_page(election.year).get().seats.all())
    counts = tally(election)
    runoffs = {s.runoff_of_id: s for s in seats if s.runoff_of_id}
    return [_seat_result(s, counts.get(s.pk, {}), runoffs, counts) for s in seats if not s.runoff_of_id]


def election_results(election: Election, seats=None) -> list[SeatResult]:
    """Results per seat; raises ``ResultsNotAvailable`` until voting closes."""
    if not election.results_visible:
        raise ResultsNotAvailable
    return seat_results(election, seats)


def seat_result_get_pending_tie(*, election: Election, seat: Seat, seats=None) -> SeatResult | None:
    """The undecided result of ``seat``, following its run-offs (a run-off may tie again);
    None when the seat has no tie waiting for lots or a run-off. No visibility check."""
    result = None
    for top in seat_results(election, seats):
        chain = top
        while chain is not None:
            if chain.seat.pk == seat.pk:
                result = chain
            chain = chain.runoff
    while result is not None and result.runoff is not None and result.winner is None:
        result = result.runoff
    if result is None or not result.tie_pending:
        return None
    return result


def participation_and_ballot_counts(election: Election) -> dict[int, tuple[int, int]]:
    """Per seat: (participations, ballots sealed or counted). They must always be equal."""
    participations = dict(
        Participation.objects.filter(election=election)
        .values_list("seat_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    ballots = dict(
        Ballot.objects.filter(seat__election=election)
        .values_list("seat_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for seat_id, n in (
        SealedBallot.objects.filter(election=election)
        .values_list("seat_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        ballots[seat_id] = ballots.get(seat_id, 0) + n
    return {
        sid: (participations.get(sid, 0), ballots.get(sid, 0)) for sid in set(participations) | set(ballots)
    }
