"""URLs of feedback, added to the meetings namespace (meetings:feedback-…)."""

from django.urls import path

from . import views

urlpatterns = [
    path("meetings/<int:pk>/feedback/", views.FeedbackFormView.as_view(), name="feedback-form"),
    path("meetings/<int:pk>/feedback/results/", views.FeedbackResultsView.as_view(), name="feedback-results"),
    path(
        "meetings/<int:pk>/feedback/<int:feedback_pk>/propose/",
        views.FeedbackProposeView.as_view(),
        name="feedback-propose",
    ),
    path("feedback/<str:token>/", views.FeedbackLinkView.as_view(), name="feedback-link"),
]
