"""Casting a ballot: who voted and the sealed choice, written apart in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cop_portal.pagecache import invalidate

from .. import messages, sealing
from ..models import Election, Nomination, Participation, SealedBallot, Seat
from ..permissions import user_can_vote_for


def election_ballot_key(election: Election) -> bytes:
    """The key ``election``'s ballots are sealed with; the first call records its fingerprint,
    later ones refuse a different key (a changed server secret) before it costs a ballot.
    The caller holds the election row's lock."""
    key = sealing.election_key(election.pk)
    fingerprint = sealing.key_fingerprint(key)
    if not election.ballot_key_id:
        election.ballot_key_id = fingerprint
        Election.objects.filter(pk=election.pk).update(ballot_key_id=fingerprint)
    elif election.ballot_key_id != fingerprint:
        raise ValidationError(messages.BALLOT_KEY_CHANGED)
    return key


def ballot_check(*, seat: Seat, actor, now: dt.datetime | None = None) -> None:
    """Raise the reason ``actor`` may not vote for ``seat`` now, if any (``seat.election`` as read).

    The close is the time ``voting_close_at``, not the phase (which the periodic task moves
    later). The ballot page asks before showing the form; ``ballot_cast`` asks again under the
    lock. Having voted already carries the code ``messages.ALREADY_VOTED_CODE``.
    """
    now = now or timezone.now()
    election = seat.election
    if election.phase == Election.Phase.VOTING and now >= election.voting_close_at:
        raise ValidationError(messages.VOTING_HAS_CLOSED)
    if not election.voting_open_now(now) or seat.round != election.round:
        raise ValidationError(messages.VOTING_NOT_OPEN)
    if not user_can_vote_for(actor, seat):
        raise ValidationError(messages.VOTER_NOT_ELIGIBLE)
    if Participation.objects.filter(seat=seat, member=actor).exists():
        raise ValidationError(messages.ALREADY_VOTED, code=messages.ALREADY_VOTED_CODE)


@transaction.atomic
def ballot_cast(*, seat: Seat, actor, nomination: Nomination | None, now: dt.datetime | None = None) -> str:
    """Record ``actor``'s final vote for ``seat`` (``nomination=None`` abstains); once per seat.
    Returns the voter's receipt code.

    The election row is locked so no ballot lands after voting closes; the unique participation
    row makes a second ballot impossible even without the lock. The choice is sealed with the
    election's key, so the rows written here (which a database reader can tie to the voter by
    transaction and position) show nobody the choice. Nothing is logged and nothing returned
    that links the voter to the choice: the receipt code sits inside the seal and, after the
    close, in a sorted list apart from the ballots.
    """
    election = Election.objects.select_for_update().get(pk=seat.election_id)
    seat = Seat.objects.get(pk=seat.pk)
    seat.election = election
    ballot_check(seat=seat, actor=actor, now=now)
    if nomination is not None and (
        nomination.seat_id != seat.pk or nomination.status != Nomination.Status.ACCEPTED
    ):
        raise ValidationError(messages.CHOICE_INVALID)
    key = election_ballot_key(election)
    participation = Participation(
        election=election,
        seat=seat,
        member=actor,
        gender=actor.gender or "",
        level=actor.organisation.level if actor.organisation_id else "",
    )
    participation.full_clean(validate_constraints=False)
    receipt = sealing.receipt_new()
    box = sealing.seal(
        key, seat_id=seat.pk, nomination_id=nomination.pk if nomination else None, receipt=receipt
    )
    try:
        with transaction.atomic():
            participation.save()
            SealedBallot.objects.create(election=election, seat=seat, box=box)
    except IntegrityError as exc:
        raise ValidationError(messages.ALREADY_VOTED, code=messages.ALREADY_VOTED_CODE) from exc
    invalidate(f"election:{election.year}")  # the election's page only: nothing else shows a vote
    return receipt
