from django.urls import path

from . import views

app_name = "coordinators"

urlpatterns = [
    path("elections/", views.ElectionListView.as_view(), name="election-list"),
    path("elections/<year:year>/", views.ElectionDetailView.as_view(), name="election-detail"),
    path("elections/<year:year>/advance/", views.ElectionAdvanceView.as_view(), name="election-advance"),
    path("elections/<year:year>/nominate/", views.NominationCreateView.as_view(), name="nomination-create"),
    path(
        "elections/<year:year>/nominations/<id:pk>/accept/",
        views.NominationAnswerView.as_view(accept=True),
        name="nomination-accept",
    ),
    path(
        "elections/<year:year>/nominations/<id:pk>/decline/",
        views.NominationAnswerView.as_view(accept=False),
        name="nomination-decline",
    ),
    path(
        "elections/<year:year>/nominations/<id:pk>/withdraw/",
        views.NominationWithdrawView.as_view(),
        name="nomination-withdraw",
    ),
    path("elections/<year:year>/seats/<id:seat_id>/vote/", views.BallotView.as_view(), name="ballot-cast"),
    path(
        "elections/<year:year>/seats/<id:seat_id>/lots/", views.TieBreakView.as_view(), name="tiebreak-record"
    ),
    path(
        "elections/<year:year>/seats/<id:seat_id>/runoff/",
        views.RunoffStartView.as_view(),
        name="runoff-start",
    ),
    path("coordinators/", views.CoordinatorListView.as_view(), name="coordinator-list"),
]
