"""Reads of the elections app: the querysets pages need, the tally and the results."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import Level

from .. import messages
from ..models import (
    PHASE_ORDER,
    CoordinatorTerm,
    Election,
    Nomination,
    Participation,
    Seat,
)


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
    """The election of ``year`` with its seats, candidates, tie-breaks and extensions in five queries."""
    return Election.objects.filter(year=year).prefetch_related(
        "timeline_changes",
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


def election_timeline(election: Election, *, now: dt.datetime) -> list[dict]:
    """The steps of ``election`` with their dates, each "past", "now" (the step that began the
    current phase) or "future", worded in the matching tense. A date that has passed counts
    as passed even before the periodic task moves the phase (the close is the close)."""
    from django.utils.translation import gettext as _

    steps = [
        (
            Election.Phase.NOMINATION,
            election.nominations_open_at,
            _("Nominations opened"),
            _("Nominations open"),
        ),
        (
            Election.Phase.NOMINATIONS_CLOSED,
            election.nominations_close_at,
            _("Nominations closed"),
            _("Nominations close"),
        ),
        (Election.Phase.VOTING, election.voting_open_at, _("Voting opened"), _("Voting opens")),
        (Election.Phase.VOTING_CLOSED, election.voting_close_at, _("Voting closed"), _("Voting closes")),
        (
            Election.Phase.PUBLISHED,
            election.results_published_at,
            _("Results published"),
            _("Results are published"),
        ),
    ]
    reached = max(election.phase_index, PHASE_ORDER.index(election.scheduled_phase(now)))
    out = []
    for phase, when, past, future in steps:
        index = PHASE_ORDER.index(phase)
        state = "now" if index == reached else "past" if index < reached else "future"
        out.append(
            {"phase": phase, "when": when, "label": future if state == "future" else past, "state": state}
        )
    return out


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def phase_advance_preview(election: Election, *, now: dt.datetime) -> dict:
    """What moving ``election`` to its next phase now would do, for the confirmation step:
    the next phase's label, the consequences, and why it is refused (or None)."""
    if election.phase == Election.Phase.PUBLISHED:
        return {"phase": None, "effects": [], "refusal": str(messages.PHASE_ALREADY_FINAL)}
    following = PHASE_ORDER[election.phase_index + 1]
    refusal = None
    if following == Election.Phase.NOMINATION:
        effects = [str(messages.ADVANCE_TO_NOMINATION) % {"until": _when(election.nominations_close_at)}]
    elif following == Election.Phase.NOMINATIONS_CLOSED:
        effects = [str(messages.ADVANCE_TO_NOMINATIONS_CLOSED)]
    elif following == Election.Phase.VOTING:
        seats = [s for s in election.seats.all() if s.round == election.round]
        effects = [
            str(messages.ADVANCE_TO_VOTING)
            % {
                "until": _when(election.voting_close_at),
                "voters": voters_for_election(election, seats).count(),
            }
        ]
    elif following == Election.Phase.VOTING_CLOSED:
        effects = [str(messages.ADVANCE_TO_VOTING_CLOSED)]
        if now < election.voting_close_at:
            refusal = str(messages.VOTING_CLOSE_NOT_EARLY)
    else:
        effects = [str(messages.ADVANCE_TO_PUBLISHED)]
    return {"phase": Election.Phase(following).label, "effects": effects, "refusal": refusal}


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
