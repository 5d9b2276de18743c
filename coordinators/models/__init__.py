"""Coordinator elections: elections, seats, nominations, secret ballots and terms.

Secrecy by design (README, "Ballot secrecy: threat model"): who voted (``Participation``) is
stored apart from what was voted. While voting is open a ballot is a ``SealedBallot``, its
choice sealed with a per-election key derived from a server secret that is not in the
database; its row still sits next to the voter's (same transaction, neighbouring pages), which
is why it must be unreadable. When voting closes, ``services.ballots_unseal`` opens them all,
writes the plain ``Ballot`` rows afresh in a random order in the closing transaction (one
transaction id, random keys, shuffled physical order) and truncates the sealed rows'
table, so nothing left in the database orders or joins a ballot to a voter.
"""

from .ballots import Ballot, Participation, SealedBallot
from .elections import PHASE_ORDER, Election, Nomination, Seat, TieBreak, TimelineChange, default_tie_rule
from .terms import CoordinatorTerm

__all__ = [
    "PHASE_ORDER",
    "Ballot",
    "CoordinatorTerm",
    "Election",
    "Nomination",
    "Participation",
    "SealedBallot",
    "Seat",
    "TieBreak",
    "TimelineChange",
    "default_tie_rule",
]
