"""URLs of gender results (results:…)."""

from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("results/", views.NetworkResultsView.as_view(), name="network"),
    path("results/ratings.csv", views.RatingsExportView.as_view(), name="ratings-export"),
    path(
        "organisations/<slug:slug>/results/",
        views.OrganisationResultsView.as_view(),
        name="organisation-results",
    ),
    path("organisations/<slug:slug>/results/scorecard/", views.ScorecardView.as_view(), name="scorecard"),
    path("organisations/<slug:slug>/audits/new/", views.AuditCreateView.as_view(), name="audit-create"),
    path("audits/<id:pk>/", views.AuditDetailView.as_view(), name="audit-detail"),
    path("audits/<id:pk>/review/", views.AuditReviewView.as_view(), name="audit-review"),
    path("audits/<id:pk>/correct/", views.AuditCorrectView.as_view(), name="audit-correct"),
    path("audits/<id:pk>/lead/", views.AuditLeadView.as_view(), name="audit-lead"),
    path("audits/<id:pk>/reviewer/", views.AuditReviewerView.as_view(), name="audit-reviewer"),
    path("audits/evidence/<id:pk>/", views.EvidenceFileView.as_view(), name="evidence-file"),
    path("organisations/<slug:slug>/actions/new/", views.ActionCreateView.as_view(), name="action-create"),
    path("actions/", views.ActionListView.as_view(), name="action-list"),
    path("actions/<id:pk>/", views.ActionDetailView.as_view(), name="action-detail"),
    path("actions/evidence/<id:pk>/", views.ActionEvidenceFileView.as_view(), name="action-evidence-file"),
]
