"""Messages users see: translated constants that views, forms and tests share."""

from django.utils.translation import gettext_lazy as _

# Phases
PHASE_ALREADY_FINAL = _("The results of this election are already published.")
PHASE_TIE_PENDING = _(
    "A tie must be resolved before the results are published: record the drawing of lots "
    "or start a run-off for the tied seat."
)
PHASE_MOVED = _("The election moved to the next phase: %(phase)s.")
TIMELINE_CONFLICT = _("The election's dates are not in order; correct them in the back office first.")

# Nominations
NOMINATIONS_NOT_OPEN = _("Nominations are not open for this election.")
NOMINEE_NOT_MEMBER = _("Only approved members can stand: the nominee is not an approved member.")
NOMINEE_WRONG_LEVEL = _(
    "This seat represents %(level)s: the nominee's organisation is not at that level of government."
)
NOMINEE_ROTATION = _(
    "Coordinators rotate: the nominee held this seat for the last %(count)s term(s) in a row, "
    "the maximum allowed, and cannot stand for it this year."
)
NOMINEE_ALREADY = _("This person is already nominated for this seat.")
NOMINATOR_NOT_MEMBER = _("Only approved members can nominate.")
NOMINATION_NOT_YOURS = _("Only the nominee can answer this nomination.")
NOMINATION_NOT_PROPOSED = _("This nomination is no longer waiting for an answer.")
NOMINATION_NOT_ACTIVE = _("This nomination is already declined or withdrawn.")
WITHDRAWAL_REASON_REQUIRED = _("Give the reason for the withdrawal; candidates and members will see it.")
NOMINATION_CREATED_SELF = _("You are now a candidate for this seat.")
NOMINATION_CREATED_OTHER = _("Thank you. The nominee has been asked to accept the nomination.")
NOMINATION_ACCEPTED = _("You accepted the nomination: you are a candidate.")
NOMINATION_DECLINED = _("You declined the nomination.")
NOMINATION_WITHDRAWN = _("The nomination was withdrawn.")

# Voting
VOTING_NOT_OPEN = _("Voting is not open for this election.")
VOTER_NOT_ELIGIBLE = _("You are not among the voters for this seat.")
ALREADY_VOTED = _("You have already voted for this seat. A ballot is final once cast.")
# The ``code`` of the ValidationError carrying ALREADY_VOTED: the page answers 409 Conflict.
ALREADY_VOTED_CODE = "already_voted"
CHOICE_INVALID = _("Choose one of the candidates of this seat, or abstain.")
BALLOT_CAST = _("Your vote was recorded. Thank you for voting.")

# Results and ties
RESULTS_HIDDEN = _("Results stay hidden until voting closes.")
NO_TIE = _("There is no unresolved tie on this seat.")
TIE_WINNER_INVALID = _("The drawn candidate must be one of the tied candidates.")
TIE_RULE_NOT_LOTS = _("This election resolves ties by %(rule)s.")
TIE_RECORDED = _("The drawing of lots was recorded.")
RUNOFF_STARTED = _("A run-off vote between the tied candidates is open.")
RUNOFF_CLOSE_INVALID = _("The run-off must close in the future.")
WITHDRAW_TOO_LATE = _("Voting is closed: nominations can no longer be withdrawn.")
