"""Models of the meetings app, one module per topic; every model is importable from here."""

from .convention import ConventionReport, JointPlanItem
from .deliveries import Delivery, MeetingDeliverySummary
from .feedback import Feedback
from .meetings import AgendaItem, Material, Meeting
from .network import BranchDigest
from .proposals import Proposal, ProposalEvent, ProposalSupport
from .registrations import Attendance, Registration
from .visits import FollowUpAction, SiteVisit, SiteVisitOutcome, SiteVisitPhoto

__all__ = [
    "AgendaItem",
    "Attendance",
    "BranchDigest",
    "ConventionReport",
    "Delivery",
    "Feedback",
    "FollowUpAction",
    "JointPlanItem",
    "Material",
    "Meeting",
    "MeetingDeliverySummary",
    "Proposal",
    "ProposalEvent",
    "ProposalSupport",
    "Registration",
    "SiteVisit",
    "SiteVisitOutcome",
    "SiteVisitPhoto",
]
