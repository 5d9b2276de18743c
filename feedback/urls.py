"""URLs of feedback (feedback:feedback-…)."""

from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("meetings/<id:pk>/feedback/", views.FeedbackFormView.as_view(), name="feedback-form"),
    path("meetings/<id:pk>/feedback/results/", views.FeedbackResultsView.as_view(), name="feedback-results"),
    path(
        "meetings/<id:pk>/feedback/<id:feedback_pk>/propose/",
        views.FeedbackProposeView.as_view(),
        name="feedback-propose",
    ),
    path("feedback/<str:token>/", views.FeedbackLinkView.as_view(), name="feedback-link"),
]
