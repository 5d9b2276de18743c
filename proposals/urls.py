"""URLs of proposals (proposals:proposal-…)."""

from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("proposals/", views.ProposalListView.as_view(), name="proposal-list"),
    path("proposals/new/", views.ProposalCreateView.as_view(), name="proposal-create"),
    path("proposals/<id:pk>/", views.ProposalDetailView.as_view(), name="proposal-detail"),
    path("proposals/<id:pk>/edit/", views.ProposalEditView.as_view(), name="proposal-edit"),
    path("proposals/<id:pk>/support/", views.ProposalSupportView.as_view(), name="proposal-support"),
    path("proposals/<id:pk>/withdraw/", views.ProposalWithdrawView.as_view(), name="proposal-withdraw"),
    path("proposals/<id:pk>/answer/", views.ProposalAnswerView.as_view(), name="proposal-answer"),
    path("proposals/<id:pk>/hide/", views.ProposalHideView.as_view(), name="proposal-hide"),
    path("proposals/<id:pk>/meeting/", views.ProposalMeetingView.as_view(), name="proposal-meeting"),
]
