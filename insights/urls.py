from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("insights/", views.InsightsDashboardView.as_view(), name="dashboard"),
    path("insights/export/<slug:section>.csv", views.InsightsExportView.as_view(), name="export"),
    path("insights/report/", views.AnnualReportView.as_view(), name="annual-report"),
    path("insights/public/", views.PublicInsightsView.as_view(), name="public"),
    path(
        "insights/public/export/<slug:section>.csv",
        views.PublicInsightsExportView.as_view(),
        name="public-export",
    ),
]
