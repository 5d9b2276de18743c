"""Views of gender results: a permission check, a form, one service call, a redirect or a page."""

from .actions import ActionCreateView, ActionDetailView, ActionEvidenceFileView, ActionListView  # noqa: F401
from .audits import (  # noqa: F401
    AuditCorrectView,
    AuditCreateView,
    AuditDetailView,
    AuditLeadView,
    AuditReviewerView,
    AuditReviewView,
    EvidenceFileView,
)
from .pages import NetworkResultsView, OrganisationResultsView, RatingsExportView, ScorecardView  # noqa: F401
