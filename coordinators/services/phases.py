"""Phases of an election, publishing the results, and resolving ties."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate

from .. import messages
from ..models import PHASE_ORDER, CoordinatorTerm, Election, Nomination, SealedBallot, Seat, TieBreak
from ..selectors import SeatResult, seat_result_get_pending_tie, seat_results, turnout_compute
from .counting import ballots_unseal
from .reminders import nominations_open_notify, voting_open_notify
from .schedule import election_nominations_check, election_schedule_approved_check
from .terms import coordinator_terms_sync
from .voting import election_ballot_key

logger = logging.getLogger(__name__)

# The date a phase starts on; a coordinator starting it early moves that date to now.
PHASE_DATE_FIELD = {
    Election.Phase.NOMINATION: "nominations_open_at",
    Election.Phase.NOMINATIONS_CLOSED: "nominations_close_at",
    Election.Phase.VOTING: "voting_open_at",
    Election.Phase.VOTING_CLOSED: "voting_close_at",
}


def _lock(election: Election) -> Election:
    return Election.objects.select_for_update().get(pk=election.pk)


def _seats(election: Election) -> list[Seat]:
    return list(election.seats.select_related("tie_break", "runoff_of").order_by("position", "pk"))


def _results(election: Election) -> list[SeatResult]:
    return seat_results(election, _seats(election))


def _enter(election: Election, phase: str, *, now: dt.datetime) -> None:
    election.phase = phase
    # As for voting below: never an announcement of nominations already closed on the real clock.
    if phase == Election.Phase.NOMINATION and max(now, timezone.now()) < election.nominations_close_at:
        nominations_open_notify(election=election)
    if phase == Election.Phase.VOTING:
        election.ballot_box_cleared_at = None
        election_ballot_key(election)
        # Not when a late run opens and closes at once, nor when the close has already passed
        # on the real clock (an old election caught up, the demo's last year): no e-mail may
        # call voting open when it is over.
        if max(now, timezone.now()) < election.voting_close_at:
            voting_open_notify(election=election)
    if phase == Election.Phase.VOTING_CLOSED:
        ballots_unseal(election)
        election.turnout = turnout_compute(election)
    try:
        election.full_clean()
    except ValidationError as exc:
        raise ValidationError(messages.TIMELINE_CONFLICT) from exc
    election.save()
    invalidate(f"election:{election.year}", "insights")  # the turnout, once voting closes
    if phase == Election.Phase.VOTING_CLOSED and not any(r.tie_pending for r in _results(election)):
        _publish(election, now=now)


def _publish(election: Election, *, now: dt.datetime) -> None:
    results = _results(election)
    if any(r.tie_pending for r in results):
        raise ValidationError(messages.PHASE_TIE_PENDING)
    if election.ballot_box_cleared_at is None and (
        election.participations.exists() or SealedBallot.objects.filter(election=election).exists()
    ):
        # Until the close has checked that no page of the database keeps a sealed ballot, a
        # leftover row could still be paired with its voter: the results wait.
        raise ValidationError(messages.BALLOT_BOX_NOT_CLEARED)
    for result in results:
        if result.winner is not None:
            CoordinatorTerm.objects.get_or_create(
                seat=result.seat,
                member=result.winner.nominee,
                defaults={"starts_on": election.term_starts_on, "ends_on": election.term_ends_on},
            )
    election.phase = Election.Phase.PUBLISHED
    election.results_published_at = now
    election.save(update_fields=["phase", "results_published_at", "updated_at"])
    invalidate(f"election:{election.year}")
    coordinator_terms_sync(today=timezone.localdate(now))


@transaction.atomic
def election_advance(*, election: Election, actor, now: dt.datetime | None = None) -> Election:
    """A coordinator moves the election to its next phase now, ahead of its dates if need be."""
    now = now or timezone.now()
    locked = _lock(election)
    if locked.phase == Election.Phase.PUBLISHED:
        raise ValidationError(messages.PHASE_ALREADY_FINAL)
    election_schedule_approved_check(locked)
    previous = locked.phase
    following = PHASE_ORDER[locked.phase_index + 1]
    if following == Election.Phase.VOTING_CLOSED and now < locked.voting_close_at:
        # Voters were told when voting closes: the timeline only ever moves later.
        raise ValidationError(messages.VOTING_CLOSE_NOT_EARLY)
    changes = {}
    if following == Election.Phase.PUBLISHED:
        _publish(locked, now=now)
    else:
        # Starting a phase early moves its date, and any earlier one still ahead, to now.
        for phase in PHASE_ORDER[1 : PHASE_ORDER.index(following) + 1]:
            field = PHASE_DATE_FIELD[phase]
            if getattr(locked, field) > now:
                changes[field] = [getattr(locked, field), now]
                setattr(locked, field, now)
        if "nominations_close_at" in changes:
            election_nominations_check(locked)  # closing early must not make them too short
        _enter(locked, following, now=now)
    # The phase it ended in (closing voting publishes at once when no tie is left).
    changes["phase"] = [previous, locked.phase]
    audit_record(actor=actor, action="election.advance", obj=locked, changes=changes)
    return locked


@transaction.atomic
def election_publish(*, election: Election, actor, now: dt.datetime | None = None) -> Election:
    """Publish the results of a closed election: winners get their terms."""
    locked = _lock(election)
    if locked.phase == Election.Phase.PUBLISHED:
        raise ValidationError(messages.PHASE_ALREADY_FINAL)
    if locked.phase != Election.Phase.VOTING_CLOSED:
        raise ValidationError(messages.RESULTS_HIDDEN)
    _publish(locked, now=now or timezone.now())
    audit_record(
        actor=actor,
        action="election.publish",
        obj=locked,
        changes={"phase": [Election.Phase.VOTING_CLOSED, locked.phase]},
    )
    return locked


def elections_advance_due(*, now: dt.datetime | None = None) -> int:
    """Move every election to the phase its dates call for (never backwards). Idempotent."""
    now = now or timezone.now()
    moved = 0
    ids = Election.objects.exclude(phase=Election.Phase.PUBLISHED).values_list("pk", flat=True)
    for pk in list(ids):
        try:
            with transaction.atomic():
                election = Election.objects.select_for_update().get(pk=pk)
                election_schedule_approved_check(election)
                target = PHASE_ORDER.index(election.scheduled_phase(now))
                while election.phase_index < target:
                    _enter(election, PHASE_ORDER[election.phase_index + 1], now=now)
                    moved += 1
        except ValidationError as exc:
            # One election that cannot move (dates out of order, ballot key lost) must not
            # hold the others back; it stays where it was and is retried on the next run.
            logger.error("Election %s cannot move to its scheduled phase: %s", pk, " ".join(exc.messages))
    return moved


def _pending_tie(election: Election, seat: Seat) -> SeatResult:
    result = seat_result_get_pending_tie(election=election, seat=seat, seats=_seats(election))
    if result is None:
        raise ValidationError(messages.NO_TIE)
    return result


@transaction.atomic
def tie_break_record(*, seat: Seat, winner: Nomination, actor, note: str) -> TieBreak:
    """A coordinator records the drawing of lots between tied candidates; publishes if decided."""
    election = _lock(seat.election)
    if election.tie_rule != Election.TieRule.LOTS:
        raise ValidationError(str(messages.TIE_RULE_NOT_LOTS) % {"rule": election.get_tie_rule_display()})
    if election.phase != Election.Phase.VOTING_CLOSED:
        raise ValidationError(messages.NO_TIE)
    result = _pending_tie(election, seat)
    if winner.pk not in {n.pk for n in result.tied}:
        raise ValidationError(messages.TIE_WINNER_INVALID)
    tie_break = TieBreak(seat=result.seat, winner=winner, recorded_by=actor, note=(note or "").strip())
    tie_break.full_clean()
    tie_break.save()
    invalidate(f"election:{election.year}")
    if not any(r.tie_pending for r in _results(election)):
        _publish(election, now=timezone.now())
    audit_record(
        actor=actor,
        action="election.tie_break",
        obj=result.seat,
        changes={
            "tied": [n.pk for n in result.tied],
            "winner": winner.pk,
            "note": tie_break.note,
            "phase": election.phase,
        },
    )
    return tie_break


@transaction.atomic
def seat_runoff_start(*, seat: Seat, actor, closes_at: dt.datetime, now: dt.datetime | None = None) -> Seat:
    """Open a run-off vote between the tied candidates of ``seat`` until ``closes_at``."""
    now = now or timezone.now()
    election = _lock(seat.election)
    if election.tie_rule != Election.TieRule.RUNOFF:
        raise ValidationError(str(messages.TIE_RULE_NOT_LOTS) % {"rule": election.get_tie_rule_display()})
    if election.phase != Election.Phase.VOTING_CLOSED:
        raise ValidationError(messages.NO_TIE)
    if closes_at <= now:
        raise ValidationError(messages.RUNOFF_CLOSE_INVALID)
    tied = _pending_tie(election, seat)
    election.round += 1
    runoff = Seat(
        election=election,
        code=f"{tied.seat.code}-r{election.round}"[:40],
        name_mn=tied.seat.name_mn,
        name_en=tied.seat.name_en,
        level=tied.seat.level,
        position=tied.seat.position,
        runoff_of=tied.seat,
        round=election.round,
    )
    runoff.full_clean()
    runoff.save()
    Nomination.objects.bulk_create(
        Nomination(
            seat=runoff,
            nominee_id=n.nominee_id,
            nominated_by_id=n.nominated_by_id,
            status=Nomination.Status.ACCEPTED,
            statement=n.statement,
            answered_at=now,
        )
        for n in tied.tied
    )
    election.phase = Election.Phase.VOTING
    election.voting_close_at = closes_at
    election.ballot_box_cleared_at = None
    election.turnout = {}
    election.full_clean()
    election.save()
    invalidate(f"election:{election.year}", "insights")
    voting_open_notify(election=election, seats=[runoff])
    audit_record(
        actor=actor,
        action="election.runoff_start",
        obj=tied.seat,
        changes={"runoff_seat": runoff.pk, "candidates": [n.pk for n in tied.tied], "closes_at": closes_at},
    )
    return runoff
