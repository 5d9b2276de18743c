"""Read functions of the elections app: elections and their pages, counting, turnout."""

from .elections import (  # noqa: F401
    ResultsNotAvailable,
    consecutive_terms_held,
    coordinator_terms,
    election_get_for_page,
    election_list,
    election_timeline,
    level_label,
    nomination_list_pending_for,
    phase_advance_preview,
    seat_get_for_page,
    seat_ids_voted_by,
    voters_for_election,
    voters_for_seat,
)
from .results import (  # noqa: F401
    CandidateResult,
    SeatResult,
    election_results,
    participation_and_ballot_counts,
    seat_result_get_pending_tie,
    seat_results,
    tally,
)
from .turnout import (  # noqa: F401
    NOT_STATED,
    election_turnout_list,
    turnout_compute,
    turnout_rate,
    turnout_rows_public,
    turnout_table,
)
