"""An election's dates: minimum periods, and four eyes on every new election or change of dates.

An election cannot be rushed: nominations stay open at least ``COP_ELECTION_MIN_NOMINATION_DAYS``
days, voting at least ``COP_ELECTION_MIN_VOTING_DAYS`` days, and the results are out before the
term starts (the term starts at least the day after voting closes). A coordinator's new election
or new dates wait for a second coordinator (or the technical administrator) to approve them;
until then no phase moves, on schedule or by hand. Each step is audited with the dates before
and after.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cop_portal.audit import audit_record
from cop_portal.pagecache import invalidate

from .. import messages
from ..models import Election

# The fields a coordinator proposes and a second one approves.
SCHEDULE_FIELDS = (
    "nominations_open_at",
    "nominations_close_at",
    "voting_open_at",
    "voting_close_at",
    "term_starts_on",
    "term_ends_on",
)


def _nominations_error(election: Election) -> str | None:
    days = settings.COP_ELECTION_MIN_NOMINATION_DAYS
    open_at, close_at = election.nominations_open_at, election.nominations_close_at
    if open_at and close_at and close_at - open_at < dt.timedelta(days=days):
        return str(messages.NOMINATIONS_TOO_SHORT) % {"days": days}
    return None


def election_schedule_errors(election: Election) -> list[str]:
    """What makes ``election``'s dates too short (empty: they hold). Asked by the admin form
    and the services."""
    errors = [_nominations_error(election)]
    days = settings.COP_ELECTION_MIN_VOTING_DAYS
    open_at, close_at = election.voting_open_at, election.voting_close_at
    if open_at and close_at and close_at - open_at < dt.timedelta(days=days):
        errors.append(str(messages.VOTING_TOO_SHORT) % {"days": days})
    if close_at and election.term_starts_on and election.term_starts_on <= timezone.localdate(close_at):
        errors.append(str(messages.TERM_BEFORE_RESULTS))
    return [e for e in errors if e]


def election_nominations_check(election: Election) -> None:
    """Raise if closing nominations at ``election.nominations_close_at`` makes them too short
    (a coordinator closing them early)."""
    error = _nominations_error(election)
    if error:
        raise ValidationError(error)


def election_schedule_check(election: Election) -> None:
    """Raise the reasons ``election``'s dates are too short, if any."""
    errors = election_schedule_errors(election)
    if errors:
        raise ValidationError(errors)


def _dates(election: Election) -> dict:
    return {field: getattr(election, field) for field in SCHEDULE_FIELDS}


def _four_eyes_passed_by(actor) -> bool:
    """The technical administrator's own dates need no second person."""
    return bool(getattr(actor, "is_superuser", False))


@transaction.atomic
def election_schedule(*, election: Election, actor, before: dict | None = None) -> Election:
    """Save a new election or new dates of ``election`` (already set on it; ``before``: the
    dates it had). Refuses dates that are too short; a coordinator's dates then wait for a
    second coordinator, the technical administrator's take effect at once. Audited."""
    election_schedule_check(election)
    created = election.pk is None
    if not created and election.phase_at_least(Election.Phase.VOTING) and before != _dates(election):
        raise ValidationError(messages.SCHEDULE_FROZEN)
    election.schedule_proposed_by = actor
    if _four_eyes_passed_by(actor):
        election.schedule_pending, election.schedule_approved_by = False, actor
    else:
        election.schedule_pending, election.schedule_approved_by = True, None
    election.full_clean()
    election.save()
    invalidate(f"election:{election.year}", "insights")
    after = _dates(election)
    changes = {
        f: [(before or {}).get(f), after[f]] for f in SCHEDULE_FIELDS if (before or {}).get(f) != after[f]
    }
    changes["schedule_pending"] = election.schedule_pending
    audit_record(
        actor=actor,
        action="election.schedule_create" if created else "election.schedule_change",
        obj=election,
        changes=changes,
    )
    return election


@transaction.atomic
def election_schedule_approve(*, election: Election, actor) -> Election:
    """A second coordinator (not the one who proposed them) or the technical administrator
    approves ``election``'s dates; from then on its phases move. Audited with the dates."""
    locked = Election.objects.select_for_update().get(pk=election.pk)
    if not locked.schedule_pending:
        raise ValidationError(messages.SCHEDULE_NOT_PENDING)
    if locked.schedule_proposed_by_id == getattr(actor, "pk", None) and not _four_eyes_passed_by(actor):
        raise ValidationError(messages.SCHEDULE_SAME_PERSON)
    election_schedule_check(locked)
    locked.schedule_pending = False
    locked.schedule_approved_by = actor
    locked.save(update_fields=["schedule_pending", "schedule_approved_by", "updated_at"])
    invalidate(f"election:{locked.year}", "insights")
    dates = _dates(locked)
    audit_record(
        actor=actor,
        action="election.schedule_approve",
        obj=locked,
        changes={
            "schedule_pending": [True, False],
            "proposed_by": locked.schedule_proposed_by_id,
            **{f: [dates[f], dates[f]] for f in SCHEDULE_FIELDS},
        },
    )
    return locked


def election_schedule_approved_check(election: Election) -> None:
    """Raise while ``election``'s dates wait for a second coordinator: no phase moves."""
    if election.schedule_pending:
        raise ValidationError(messages.SCHEDULE_AWAITS_APPROVAL)
