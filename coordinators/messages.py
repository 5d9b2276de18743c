"""Messages users see: translated constants that views, forms and tests share."""

from django.utils.translation import gettext_lazy as _

# Phases
PHASE_ALREADY_FINAL = _("The results of this election are already published.")
PHASE_TIE_PENDING = _(
    "A tie must be resolved before the results are published: record the drawing of lots "
    "or start a run-off for the tied seat."
)
PHASE_MOVED = _("The election moved to the next phase: %(phase)s.")
VOTING_CLOSE_NOT_EARLY = _(
    "Voting closes at the announced time and cannot be closed early; it can only be extended."
)
EXTENSION_NOT_VOTING = _("Only the close of an election whose voting is open can be extended.")
EXTENSION_NOT_LATER = _("The new close must be later than the current close and in the future.")
EXTENSION_REASON_REQUIRED = _("Give the reason for the extension; members will see it.")
VOTING_EXTENDED = _("Voting now closes at %(close_at)s.")
# What advancing a phase will do (the confirmation page)
ADVANCE_TO_NOMINATION = _(
    "Nominations open now: members can nominate themselves or a colleague until %(until)s."
)
ADVANCE_TO_NOMINATIONS_CLOSED = _(
    "Nominations close now: no new nominations, and nominees who have not answered can no longer "
    "accept. The list of candidates becomes final."
)
ADVANCE_TO_VOTING = _(
    "Voting opens now and closes at %(until)s; from then on that time can only be extended. "
    "%(voters)s eligible members get a “voting is open” e-mail. Candidates and rules can no "
    "longer change."
)
ADVANCE_TO_VOTING_CLOSED = _(
    "Voting closes now: the sealed ballots are opened and counted, turnout is recorded and, "
    "unless there is a tie, the results are published and the winners' terms created."
)
ADVANCE_TO_PUBLISHED = _("The results are published and the winners' terms created.")
ADVANCE_IRREVERSIBLE = _("A phase only moves forward: this cannot be undone.")
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
WITHDRAW_QUESTION = _("Withdraw the nomination of %(name)s?")
WITHDRAW_EFFECT = _("The candidate leaves the ballot; members and the candidate see the reason you give.")
WITHDRAW_FINAL = _("This cannot be undone: a withdrawn nomination cannot be restored.")
WITHDRAW_YES = _("Yes, withdraw the nomination")

# Voting
VOTING_NOT_OPEN = _("Voting is not open for this election.")
VOTING_HAS_CLOSED = _("Voting has closed: ballots are no longer accepted.")
VOTER_NOT_ELIGIBLE = _("You are not among the voters for this seat.")
ALREADY_VOTED = _("You have already voted for this seat. A ballot is final once cast.")
# The ``code`` of the ValidationError carrying ALREADY_VOTED: the page answers 409 Conflict.
ALREADY_VOTED_CODE = "already_voted"
CHOICE_INVALID = _("Choose one of the candidates of this seat, or abstain.")
BALLOT_CAST = _("Your vote was recorded. Thank you for voting.")
BALLOT_REVIEW_QUESTION = _("Cast this ballot?")
BALLOT_FINAL = _("A ballot is final once cast: it cannot be changed or taken back.")
BALLOT_SECRET = _("Your ballot is secret: the portal records that you voted apart from what you voted.")
BALLOT_CAST_YES = _("Yes, cast my ballot")
BALLOT_CHANGE = _("No, change my choice")
BALLOT_CAST_RECEIPT = _(
    "Your vote was recorded. Your receipt code is %(code)s: note it. When voting closes, this "
    "page lists the receipt codes of every counted ballot, without the choices, so you can check "
    "that yours was counted."
)
BALLOT_KEY_CHANGED = _(
    "Ballots cannot be accepted: the server's ballot key changed since voting opened. "
    "Ask the technical administrator to restore COP_BALLOT_KEY."
)
BALLOT_SEAL_BROKEN = _(
    "The sealed ballots do not open with the server's ballot key, so voting cannot be closed. "
    "Ask the technical administrator to restore COP_BALLOT_KEY."
)
BALLOT_BOX_BUSY = _(
    "Voting cannot be closed right now: another database session (a backup, a report or a "
    "long request) is reading the sealed ballots. Nothing was changed; the close is retried "
    "automatically in a few minutes, or try again when that session has ended."
)
BALLOT_BOX_NOT_CLEARED = _(
    "The results cannot be published yet: the sealed ballots have not been removed from the "
    "database for good. Close voting again, or ask the technical administrator."
)

# The election's dates (minimum periods, four eyes)
NOMINATIONS_TOO_SHORT = _("Nominations must stay open at least %(days)s days.")
VOTING_TOO_SHORT = _("Voting must stay open at least %(days)s days.")
TERM_BEFORE_RESULTS = _("The term must start after voting closes, so the results are out before it starts.")
SCHEDULE_FROZEN = _("Voting has opened: its dates no longer change, except by extending the close.")
SCHEDULE_AWAITS_APPROVAL = _(
    "The election's dates wait for a second coordinator's approval: no phase moves until then."
)
SCHEDULE_NOT_PENDING = _("These dates are not waiting for approval.")
SCHEDULE_SAME_PERSON = _("Another coordinator must approve the dates you proposed.")
SCHEDULE_PROPOSED = _("Saved. The dates wait for a second coordinator's approval before any phase moves.")
SCHEDULE_APPROVED = _("The election's dates are approved.")

# Results and ties
RESULTS_HIDDEN = _("Results stay hidden until voting closes.")
NO_TIE = _("There is no unresolved tie on this seat.")
TIE_WINNER_INVALID = _("The drawn candidate must be one of the tied candidates.")
TIE_RULE_NOT_LOTS = _("This election resolves ties by %(rule)s.")
TIE_RECORDED = _("The drawing of lots was recorded.")
RUNOFF_STARTED = _("A run-off vote between the tied candidates is open.")
RUNOFF_CLOSE_INVALID = _("The run-off must close in the future.")
WITHDRAW_TOO_LATE = _("Voting is closed: nominations can no longer be withdrawn.")
