"""URLs of the branch management pages, added to the meetings namespace (meetings:branch-…)."""

from django.urls import path

from . import meeting_views, views

PREFIX = "branches/<slug:slug>/manage/"

urlpatterns = [
    path(PREFIX, views.BranchManageView.as_view(), name="branch-manage"),
    path(PREFIX + "settings/", views.BranchSettingsView.as_view(), name="branch-settings"),
    path(
        PREFIX + "meetings/new/",
        meeting_views.BranchMeetingCreateView.as_view(),
        name="branch-meeting-create",
    ),
    path(
        PREFIX + "meetings/<id:pk>/edit/",
        meeting_views.BranchMeetingEditView.as_view(),
        name="branch-meeting-edit",
    ),
    path(
        PREFIX + "meetings/<id:pk>/publish/",
        meeting_views.BranchMeetingPublishView.as_view(),
        name="branch-meeting-publish",
    ),
    path(
        PREFIX + "meetings/<id:pk>/cancel/",
        meeting_views.BranchMeetingCancelView.as_view(),
        name="branch-meeting-cancel",
    ),
    path(
        PREFIX + "meetings/<id:pk>/series/",
        meeting_views.BranchMeetingSeriesView.as_view(),
        name="branch-meeting-series",
    ),
]
