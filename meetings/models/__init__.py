"""Models of the meetings app, one module per topic; every model is importable from here."""

from .convention import ConventionReport, JointPlanItem
from .delivery_summary import MeetingDeliverySummary
from .meetings import AgendaItem, Material, Meeting
from .registrations import Attendance, Registration
from .visits import FollowUpAction, SiteVisit, SiteVisitOutcome, SiteVisitPhoto

__all__ = [
    "AgendaItem",
    "Attendance",
    "ConventionReport",
    "FollowUpAction",
    "JointPlanItem",
    "Material",
    "Meeting",
    "MeetingDeliverySummary",
    "Registration",
    "SiteVisit",
    "SiteVisitOutcome",
    "SiteVisitPhoto",
]
