from django.urls import path

from . import privacy, views

app_name = "members"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.UnsubscribeView.as_view(), name="unsubscribe"),
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("members/", views.MemberListView.as_view(), name="member-list"),
    path("members/applications/", views.ApplicationListView.as_view(), name="application-list"),
    path(
        "members/applications/<id:pk>/approve/",
        views.ApplicationDecideView.as_view(),
        {"decision": "approve"},
        name="application-approve",
    ),
    path(
        "members/applications/<id:pk>/decline/",
        views.ApplicationDecideView.as_view(),
        {"decision": "decline"},
        name="application-decline",
    ),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("profile/data/", privacy.MyDataView.as_view(), name="profile-data"),
    path("profile/delete/", privacy.AccountDeleteView.as_view(), name="account-delete"),
    path("privacy/", privacy.PrivacyView.as_view(), name="privacy"),
    path("profile/apply/", views.ProfileApplyView.as_view(), name="profile-apply"),
    path("profile/e-mails/", views.ProfileEmailView.as_view(), name="profile-emails"),
    path("profile/calendar-token/", views.CalendarTokenRotateView.as_view(), name="calendar-token-rotate"),
]
