"""URLs of the branch CoPs (branches:…): the network and a CoP's page, registering and
following a branch, its calendar feed, its management pages and the coordinators' network
overview (/insights/network/, its path unchanged)."""

from django.urls import path

from . import views

app_name = "branches"

MANAGE = "branches/<slug:slug>/manage/"
MEETING = MANAGE + "meetings/<id:pk>/"

urlpatterns = [
    path("branches/", views.CommunityListView.as_view(), name="community-list"),
    path("branches/register/", views.CommunityRegisterView.as_view(), name="community-register"),
    path("branches/<slug:slug>/", views.CommunityDetailView.as_view(), name="community-detail"),
    path("branches/<slug:slug>/join/", views.CommunityJoinView.as_view(), name="community-join"),
    path("branches/<slug:slug>/leave/", views.CommunityLeaveView.as_view(), name="community-leave"),
    path("branches/<slug:slug>/calendar.ics", views.BranchCalendarFeedView.as_view(), name="branch-calendar"),
    path("branches/<slug:slug>/feed.atom", views.BranchAtomFeed(), name="branch-feed"),
    path(MANAGE, views.BranchManageView.as_view(), name="branch-manage"),
    path(MANAGE + "settings/", views.BranchSettingsView.as_view(), name="branch-settings"),
    path(MANAGE + "meetings/new/", views.BranchMeetingCreateView.as_view(), name="branch-meeting-create"),
    path(MEETING + "edit/", views.BranchMeetingEditView.as_view(), name="branch-meeting-edit"),
    path(MEETING + "publish/", views.BranchMeetingPublishView.as_view(), name="branch-meeting-publish"),
    path(MEETING + "cancel/", views.BranchMeetingCancelView.as_view(), name="branch-meeting-cancel"),
    path(MEETING + "series/", views.BranchMeetingSeriesView.as_view(), name="branch-meeting-series"),
    path(MEETING + "registrations/", views.RegistrationsView.as_view(), name="branch-meeting-registrations"),
    path(
        MEETING + "registrations.csv",
        views.RegistrationsCsvView.as_view(),
        name="branch-meeting-registrations-csv",
    ),
    path(MEETING + "attendance/", views.AttendanceView.as_view(), name="branch-meeting-attendance"),
    path(MEETING + "materials/", views.MaterialsView.as_view(), name="branch-meeting-materials"),
    path(MEETING + "minutes/", views.MinutesView.as_view(), name="branch-meeting-minutes"),
    path("insights/network/", views.BranchNetworkView.as_view(), name="network"),
]
