"""The election's dates once voting has opened: they only move later, with a recorded reason."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate

from .. import messages
from ..models import Election, TimelineChange


@transaction.atomic
def election_voting_extend(
    *, election: Election, actor, closes_at: dt.datetime, reason: str, now: dt.datetime | None = None
) -> TimelineChange:
    """Move the close of open voting later (never earlier), recording who, why and the old date.

    The election row is locked, so a ballot cast at the same moment sees either the old or the
    new close, and the periodic task cannot close voting half-way through the change.
    """
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(messages.EXTENSION_REASON_REQUIRED)
    locked = Election.objects.select_for_update().get(pk=election.pk)
    if not locked.voting_open_now(now):
        raise ValidationError(messages.EXTENSION_NOT_VOTING)
    if closes_at <= locked.voting_close_at or closes_at <= now:
        raise ValidationError(messages.EXTENSION_NOT_LATER)
    change = TimelineChange(
        election=locked,
        previous_close_at=locked.voting_close_at,
        new_close_at=closes_at,
        reason=reason,
        changed_by=actor,
    )
    change.full_clean()
    change.save()
    locked.voting_close_at = closes_at
    locked.full_clean()
    locked.save(update_fields=["voting_close_at", "updated_at"])
    invalidate(f"election:{locked.year}")
    audit_record(
        actor=actor,
        action="election.voting_extend",
        obj=locked,
        changes={"voting_close_at": [change.previous_close_at, closes_at], "reason": reason},
    )
    return change
