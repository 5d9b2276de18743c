"""Views of the branches app, one module per page family (every view re-exported here)."""

from .community import (
    CommunityDetailView,
    CommunityJoinView,
    CommunityLeaveView,
    CommunityListView,
    CommunityRegisterView,
)
from .feed import BranchAtomFeed, BranchCalendarFeedView
from .manage import BranchManageView, BranchSettingsView
from .meeting_pages import AttendanceView, MaterialsView, MinutesView, RegistrationsCsvView, RegistrationsView
from .meetings import (
    BranchMeetingCancelView,
    BranchMeetingCreateView,
    BranchMeetingEditView,
    BranchMeetingPublishView,
    BranchMeetingSeriesView,
)
from .network import BranchNetworkView

__all__ = [
    "AttendanceView",
    "BranchAtomFeed",
    "BranchCalendarFeedView",
    "BranchManageView",
    "BranchMeetingCancelView",
    "BranchMeetingCreateView",
    "BranchMeetingEditView",
    "BranchMeetingPublishView",
    "BranchMeetingSeriesView",
    "BranchNetworkView",
    "BranchSettingsView",
    "CommunityDetailView",
    "CommunityJoinView",
    "CommunityLeaveView",
    "CommunityListView",
    "CommunityRegisterView",
    "MaterialsView",
    "MinutesView",
    "RegistrationsCsvView",
    "RegistrationsView",
]
