"""Casting a ballot: who voted and what was voted, written apart in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import messages
from ..models import Ballot, Election, Nomination, Participation, Seat
from ..selectors import user_may_vote_for


@transaction.atomic
def ballot_cast(*, seat: Seat, actor, nomination: Nomination | None, now: dt.datetime | None = None) -> None:
    """Record ``actor``'s final vote for ``seat`` (``nomination=None`` abstains); once per seat.

    The election row is locked so no ballot lands after voting closes, and the close is the
    time ``voting_close_at``, not the phase (which the periodic task moves later); the unique
    participation row makes a second ballot impossible even without the lock. Nothing is
    logged and nothing returned that links the voter to the choice.
    """
    now = now or timezone.now()
    election = Election.objects.select_for_update().get(pk=seat.election_id)
    seat = Seat.objects.get(pk=seat.pk)
    seat.election = election
    if election.phase == Election.Phase.VOTING and now >= election.voting_close_at:
        raise ValidationError(messages.VOTING_HAS_CLOSED)
    if not election.voting_open_now(now) or seat.round != election.round:
        raise ValidationError(messages.VOTING_NOT_OPEN)
    if not user_may_vote_for(seat=seat, user=actor):
        raise ValidationError(messages.VOTER_NOT_ELIGIBLE)
    if nomination is not None and (
        nomination.seat_id != seat.pk or nomination.status != Nomination.Status.ACCEPTED
    ):
        raise ValidationError(messages.CHOICE_INVALID)
    if Participation.objects.filter(seat=seat, member=actor).exists():
        raise ValidationError(messages.ALREADY_VOTED)
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
        raise ValidationError(messages.ALREADY_VOTED) from exc
