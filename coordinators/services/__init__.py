"""Every write of the elections app (a package: one module per part of the election)."""

from .counting import ballot_tables_vacuum, ballots_unseal
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
from .reminders import nominations_open_notify, voting_open_notify, voting_reminders_send_due
from .schedule import (
    SCHEDULE_FIELDS,
    election_schedule,
    election_schedule_approve,
    election_schedule_approved_check,
    election_schedule_check,
    election_schedule_errors,
)
from .terms import coordinator_terms_sync
from .timeline import election_voting_extend
from .voting import ballot_cast, ballot_check, election_ballot_key

__all__ = [
    "SCHEDULE_FIELDS",
    "ballot_cast",
    "ballot_check",
    "ballot_tables_vacuum",
    "ballots_unseal",
    "coordinator_terms_sync",
    "election_advance",
    "election_ballot_key",
    "election_publish",
    "election_schedule",
    "election_schedule_approve",
    "election_schedule_approved_check",
    "election_schedule_check",
    "election_schedule_errors",
    "election_voting_extend",
    "elections_advance_due",
    "nomination_accept",
    "nomination_create",
    "nomination_decline",
    "nomination_refusals",
    "nominations_open_notify",
    "nomination_withdraw",
    "seat_runoff_start",
    "tie_break_record",
    "voting_open_notify",
    "voting_reminders_send_due",
]
