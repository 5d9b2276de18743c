"""Models of the meetings app, one module per topic; every model is importable from here."""

from .convention import ConventionReport, JointPlanItem
from .deliveries import Delivery, MeetingDeliverySummary
from .meetings import AgendaItem, Material, Meeting
from .registrations import Attendance, Registration
from .visits import FollowUpAction, SiteVisit, SiteVisitOutcome, SiteVisitPhoto

__all__ = [
    "AgendaItem",
    "Attendance",
    "ConventionReport",
    "Delivery",
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
