"""Casting a ballot: who voted and what was voted, written apart in one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .. import messages
from ..models import Ballot, Election, Nomination, Participation, Seat
from ..permissions import user_can_vote_for


def ballot_check(*, seat: Seat, actor) -> None:
    """Raise the reason ``actor`` may not vote for ``seat`` now, if any (``seat.election`` as read).

    The ballot page asks before showing the form; ``ballot_cast`` asks again under the lock.
    Having voted already carries the code ``messages.ALREADY_VOTED_CODE``.
    """
    election = seat.election
    if election.phase != Election.Phase.VOTING or seat.round != election.round:
        raise ValidationError(messages.VOTING_NOT_OPEN)
    if not user_can_vote_for(actor, seat):
        raise ValidationError(messages.VOTER_NOT_ELIGIBLE)
    if Participation.objects.filter(seat=seat, member=actor).exists():
        raise ValidationError(messages.ALREADY_VOTED, code=messages.ALREADY_VOTED_CODE)


@transaction.atomic
def ballot_cast(*, seat: Seat, actor, nomination: Nomination | None) -> None:
    """Record ``actor``'s final vote for ``seat`` (``nomination=None`` abstains); once per seat.

    The election row is locked so no ballot lands after voting closes; the unique
    participation row makes a second ballot impossible even without the lock. Nothing is
    logged and nothing returned that links the voter to the choice.
    """
    election = Election.objects.select_for_update().get(pk=seat.election_id)
    seat = Seat.objects.get(pk=seat.pk)
    seat.election = election
    ballot_check(seat=seat, actor=actor)
    if nomination is not None and (
        nomination.seat_id != seat.pk or nomination.status != Nomination.Status.ACCEPTED
    ):
        raise ValidationError(messages.CHOICE_INVALID)
    participation = Participation(
        election=election,
        seat=seat,
        member=actor,
        gender=actor.gender or "",
        level=actor.organisation.level if actor.organisation_id else "",
    )
    participation.full_clean(validate_constraints=False)
    ballot = Ballot(seat=seat, nomination=nomination)
    ballot.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            participation.save()
            ballot.save(force_insert=True)
    except IntegrityError as exc:
        raise ValidationError(messages.ALREADY_VOTED, code=messages.ALREADY_VOTED_CODE) from exc
