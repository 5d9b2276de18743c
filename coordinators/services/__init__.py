"""Every write of the elections app (a package: one module per part of the election)."""

from .nominations import (
    nomination_accept,
    nomination_create,
    nomination_decline,
    nomination_refusals,
    nomination_withdraw,
)
from .phases import (
    election_advance,
    election_publish,
    elections_advance_due,
    seat_runoff_start,
    tie_break_record,
)
from .reminders import voting_reminders_send_due
from .terms import coordinator_terms_sync
from .voting import ballot_cast, ballot_check

__all__ = [
    "ballot_cast",
    "ballot_check",
    "coordinator_terms_sync",
    "election_advance",
    "election_publish",
    "elections_advance_due",
    "nomination_accept",
    "nomination_create",
    "nomination_decline",
    "nomination_refusals",
    "nomination_withdraw",
    "seat_runoff_start",
    "tie_break_record",
    "voting_reminders_send_due",
]
