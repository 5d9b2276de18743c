"""Gender results: the indicator framework, organisations' yearly audits, and actions."""

from .actions import Action, ActionUpdate
from .audits import Audit, AuditRating, MeasureValue
from .awards import Award
from .framework import Area, Framework, Indicator, Level, Measure

__all__ = [
    "Action",
    "ActionUpdate",
    "Award",
    "Area",
    "Audit",
    "AuditRating",
    "Framework",
    "Indicator",
    "Level",
    "Measure",
    "MeasureValue",
]
