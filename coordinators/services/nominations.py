"""Nominations: self or colleague, the nominee's answer, a coordinator's withdrawal."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate
from members.models import Level
from notices.services import notify

from .. import messages, permissions
from ..models import Election, Nomination, Seat
from ..selectors import consecutive_terms_held


def nomination_refusals(*, seat: Seat, nominee) -> list[str]:
    """Why ``nominee`` may not stand for ``seat`` (empty when they may): eligibility and rotation."""
    reasons = []
    if not nominee.is_member or nominee.organisation_id is None:
        reasons.append(str(messages.NOMINEE_NOT_MEMBER))
    elif nominee.organisation.level != seat.level:
        reasons.append(str(messages.NOMINEE_WRONG_LEVEL) % {"level": Level(seat.level).label})
    held = consecutive_terms_held(seat=seat, member=nominee)
    if held >= settings.COP_MAX_CONSECUTIVE_TERMS:
        reasons.append(str(messages.NOMINEE_ROTATION) % {"count": held})
    if Nomination.objects.filter(seat=seat, nominee=nominee, status__in=Nomination.ACTIVE).exists():
        reasons.append(str(messages.NOMINEE_ALREADY))
    return reasons


def _lock_election(election_id: int) -> Election:
    return Election.objects.select_for_update().get(pk=election_id)


@transaction.atomic
def nomination_create(*, seat: Seat, nominee, actor, statement: str = "") -> Nomination:
    """Nominate ``nominee`` (``actor`` themselves: a candidate at once; a colleague: asked to accept)."""
    election = _lock_election(seat.election_id)
    if election.phase != Election.Phase.NOMINATION or seat.runoff_of_id:
        raise ValidationError(messages.NOMINATIONS_NOT_OPEN)
    if not permissions.user_can_nominate(actor):
        raise ValidationError(messages.NOMINATOR_NOT_MEMBER)
    reasons = nomination_refusals(seat=seat, nominee=nominee)
    if reasons:
        raise ValidationError(reasons)
    is_self = nominee.pk == actor.pk
    nomination = Nomination(
        seat=seat,
        nominee=nominee,
        nominated_by=actor,
        status=Nomination.Status.ACCEPTED if is_self else Nomination.Status.PROPOSED,
        statement=statement.strip() if is_self else "",
        answered_at=timezone.now() if is_self else None,
    )
    nomination.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as exc:
        raise ValidationError(messages.NOMINEE_ALREADY) from exc
    invalidate(f"election:{election.year}")
    if not is_self:
        notify(
            "nomination_received",
            recipients=[nominee.pk],
            key=f"nomination-{nomination.pk}",
            context={
                "year": election.year,
                "seat_mn": seat.name_mn,
                "seat_en": seat.name_en or seat.name_mn,
                "nominator": actor.get_full_name(),
                "url": f"{settings.SITE_URL}{election.get_absolute_url()}",
            },
        )
    return nomination


def _answer(nomination: Nomination, actor) -> Nomination:
    locked = Nomination.objects.select_for_update().select_related("seat").get(pk=nomination.pk)
    election = _lock_election(locked.seat.election_id)
    if not permissions.user_can_answer_nomination(actor, locked):
        raise ValidationError(messages.NOMINATION_NOT_YOURS)
    if locked.status != Nomination.Status.PROPOSED:
        raise ValidationError(messages.NOMINATION_NOT_PROPOSED)
    if election.phase != Election.Phase.NOMINATION:
        raise ValidationError(messages.NOMINATIONS_NOT_OPEN)
    return locked


@transaction.atomic
def nomination_accept(*, nomination: Nomination, actor, statement: str = "") -> Nomination:
    """The nominee accepts and becomes a candidate, with their statement."""
    locked = _answer(nomination, actor)
    locked.status = Nomination.Status.ACCEPTED
    locked.statement = statement.strip()
    locked.answered_at = timezone.now()
    locked.full_clean(validate_constraints=False)
    locked.save(update_fields=["status", "statement", "answered_at", "updated_at"])
    invalidate(f"election:{locked.seat.election.year}")
    return locked


@transaction.atomic
def nomination_decline(*, nomination: Nomination, actor) -> Nomination:
    """The nominee declines; a colleague may nominate them again while nominations are open."""
    locked = _answer(nomination, actor)
    locked.status = Nomination.Status.DECLINED
    locked.answered_at = timezone.now()
    locked.full_clean(validate_constraints=False)
    locked.save(update_fields=["status", "answered_at", "updated_at"])
    invalidate(f"election:{locked.seat.election.year}")
    return locked


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, actor, reason: str) -> Nomination:
    """A coordinator withdraws a nomination, with a reason shown on the election page."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(messages.WITHDRAWAL_REASON_REQUIRED)
    locked = Nomination.objects.select_for_update().select_related("seat").get(pk=nomination.pk)
    election = _lock_election(locked.seat.election_id)
    if election.phase_at_least(Election.Phase.VOTING_CLOSED):
        raise ValidationError(messages.WITHDRAW_TOO_LATE)
    if locked.status not in Nomination.ACTIVE:
        raise ValidationError(messages.NOMINATION_NOT_ACTIVE)
    previous_status = locked.status
    locked.status = Nomination.Status.WITHDRAWN
    locked.withdrawn_by = actor
    locked.withdrawn_at = timezone.now()
    locked.withdrawal_reason = reason
    locked.full_clean(validate_constraints=False)
    locked.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdrawal_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="nomination.withdraw",
        obj=locked,
        changes={"status": [previous_status, locked.status], "reason": reason},
    )
    invalidate(f"election:{election.year}")
    return locked
