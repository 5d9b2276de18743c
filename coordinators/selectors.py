"""Reads of the elections app: the querysets pages need, the tally and the results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from members.models import Level

from . import messages
from .models import Ballot, CoordinatorTerm, Election, Nomination, Participation, Seat


class ResultsNotAvailable(Exception):
    """Raised when results are asked for before voting closes."""

    def __init__(self):
        super().__init__(str(messages.RESULTS_HIDDEN))


def election_list() -> QuerySet[Election]:
    """Elections, newest first (the list page paginates it)."""
    return Election.objects.order_by("-year")


def _candidate_prefetch(lookup: str = "seats__nominations") -> Prefetch:
    shown = (Nomination.Status.ACCEPTED, Nomination.Status.WITHDRAWN)
    return Prefetch(
        lookup,
        queryset=Nomination.objects.filter(status__in=shown)
        .select_related("nominee__organisation")
        .order_by("nominee__full_name", "pk"),
        to_attr="shown_nominations",
    )


def election_get_for_page(year: int) -> QuerySet[Election]:
    """The election of ``year`` with its seats, candidates and tie-breaks in four queries."""
    return Election.objects.filter(year=year).prefetch_related(
        Prefetch(
            "seats",
            queryset=Seat.objects.select_related("tie_break__winner__nominee", "runoff_of").order_by(
                "position", "pk"
            ),
        ),
        _candidate_prefetch(),
    )


def seat_get_for_page(*, year: int, pk: int) -> Seat | None:
    """One seat of the election of ``year`` with its election and candidates (two queries);
    None when the election has no such seat."""
    return (
        Seat.objects.filter(election__year=year, pk=pk)
        .select_related("election", "tie_break__winner__nominee", "runoff_of")
        .prefetch_related(_candidate_prefetch("nominations"))
        .first()
    )


def nomination_list_pending_for(*, election: Election, user) -> QuerySet[Nomination]:
    """Nominations of ``user`` in ``election`` waiting for their answer."""
    if not user.is_authenticated:
        return Nomination.objects.none()
    return Nomination.objects.filter(
        seat__election=election, nominee=user, status=Nomination.Status.PROPOSED
    ).select_related("seat", "nominated_by")


def seat_ids_voted_by(*, election: Election, user) -> set[int]:
    """Seats of ``election`` where ``user`` already voted."""
    if not user.is_authenticated:
        return set()
    return set(Participation.objects.filter(election=election, member=user).values_list("seat_id", flat=True))


def voters_for_seat(seat: Seat) -> QuerySet:
    """Who may vote for ``seat``: approved members, of the seat's level if the election says so."""
    users = get_user_model().objects.filter(
        is_active=True, status=get_user_model().Status.APPROVED, organisation__isnull=False
    )
    if seat.election.voter_scope == Election.VoterScope.SEAT_LEVEL:
        users = users.filter(organisation__level=seat.level)
    return users


def voters_for_election(election: Election, seats=None) -> QuerySet:
    """Everyone who may vote for at least one seat of ``election``."""
    users = get_user_model().objects.filter(
        is_active=True, status=get_user_model().Status.APPROVED, organisation__isnull=False
    )
    if election.voter_scope == Election.VoterScope.SEAT_LEVEL:
        levels = {s.level for s in (seats if seats is not None else election.seats.all())}
        users = users.filter(organisation__level__in=levels)
    return users


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


def turnout_compute(election: Election) -> dict:
    """Eligible voters and voters overall, by gender and by level (two GROUP BY queries)."""
    eligible_rows = (
        voters_for_election(election)
        .values_list("gender", "organisation__level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    voted_rows = (
        Participation.objects.filter(election=election)
        .values_list("gender", "level")
        .annotate(n=Count("member", distinct=True))
        .order_by()
    )

    def group(rows, index):
        out: dict[str, int] = {}
        for row in rows:
            out[row[index] or ""] = out.get(row[index] or "", 0) + row[2]
        return out

    eligible_rows, voted_rows = list(eligible_rows), list(voted_rows)
    result = {
        "eligible": sum(r[2] for r in eligible_rows),
        "voted": sum(r[2] for r in voted_rows),
    }
    for name, index in (("by_gender", 0), ("by_level", 1)):
        eligible, voted = group(eligible_rows, index), group(voted_rows, index)
        result[name] = [
            {"key": key, "eligible": eligible.get(key, 0), "voted": voted.get(key, 0)}
            for key in sorted(set(eligible) | set(voted))
        ]
    return result


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
    """Per seat: (participations, ballots). They must always be equal."""
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
    return {
        sid: (participations.get(sid, 0), ballots.get(sid, 0)) for sid in set(participations) | set(ballots)
    }


def coordinator_terms(*, today: dt.date) -> dict[str, QuerySet[CoordinatorTerm]]:
    """Current, upcoming and past terms, with member, organisation and seat."""
    terms = CoordinatorTerm.objects.select_related("member__organisation", "seat__election")
    return {
        "current": terms.filter(starts_on__lte=today, ends_on__gte=today).order_by("seat__position"),
        "upcoming": terms.filter(starts_on__gt=today).order_by("starts_on", "seat__position"),
        "past": terms.filter(ends_on__lt=today).order_by("-starts_on", "seat__position"),
    }


def level_label(key: str) -> str:
    return str(Level(key).label) if key in Level.values else "—"


def consecutive_terms_held(*, seat: Seat, member) -> int:
    """How many elections in a row, up to the one before ``seat``'s, ``member`` won this seat."""
    years = list(
        Seat.objects.filter(code=seat.code, election__year__lt=seat.election.year, runoff_of__isnull=True)
        .order_by("-election__year")
        .values_list("election__year", flat=True)
    )
    held = set(
        CoordinatorTerm.objects.filter(
            Q(seat__code=seat.code) & Q(seat__election__year__lt=seat.election.year), member=member
        ).values_list("seat__election__year", flat=True)
    )
    count = 0
    for year in years:
        if year not in held:
            break
        count += 1
    return count


# --- Turnout: the percentages shown by the election page and the insights app --------------------

NOT_STATED = _("Not stated")


def turnout_rate(voted: int, eligible: int, *, ndigits: int | None = 1) -> float | int | None:
    """Voters as a percentage of eligible members (None when nobody was eligible)."""
    return round(100 * voted / eligible, ndigits) if eligible else None


def turnout_table(turnout: dict, *, ndigits: int | None = 1) -> dict:
    """A turnout snapshot (see ``turnout_compute``) with a label and a rate on every row:
    ``{overall, by_gender, by_level}``; empty when voting has not closed."""
    if not turnout:
        return {}
    User = get_user_model()

    def label(name: str, key: str):
        if name == "by_gender":
            return User.Gender(key).label if key in User.Gender.values else NOT_STATED
        return Level(key).label if key in Level.values else NOT_STATED

    def rows(name: str) -> list[dict]:
        return [
            {
                **r,
                "label": label(name, r["key"]),
                "rate": turnout_rate(r["voted"], r["eligible"], ndigits=ndigits),
            }
            for r in turnout.get(name, [])
        ]

    overall = {
        **turnout,
        "eligible": turnout.get("eligible", 0),
        "voted": turnout.get("voted", 0),
    }
    overall["rate"] = turnout_rate(overall["voted"], overall["eligible"], ndigits=ndigits)
    return {"overall": overall, "by_gender": rows("by_gender"), "by_level": rows("by_level")}


def election_turnout_list(*, ndigits: int | None = 1) -> list[dict]:
    """``{year, **turnout_table}`` for every election whose voting has closed, newest first
    (one query)."""
    elections = Election.objects.exclude(turnout={}).order_by("-year").values("year", "turnout")
    return [{"year": e["year"], **turnout_table(e["turnout"], ndigits=ndigits)} for e in elections]
