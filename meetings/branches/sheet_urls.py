"""A branch meeting's own pages, under its CoP's management pages (added to ``meetings``'s
URL names)."""

from django.urls import path

from . import sheet, sheet_docs

PREFIX = "branches/<slug:slug>/manage/meetings/<id:pk>/"

urlpatterns = [
    path(PREFIX + "registrations/", sheet.RegistrationsView.as_view(), name="branch-meeting-registrations"),
    path(
        PREFIX + "registrations.csv",
        sheet.RegistrationsCsvView.as_view(),
        name="branch-meeting-registrations-csv",
    ),
    path(PREFIX + "attendance/", sheet.AttendanceView.as_view(), name="branch-meeting-attendance"),
    path(PREFIX + "materials/", sheet_docs.MaterialsView.as_view(), name="branch-meeting-materials"),
    path(PREFIX + "minutes/", sheet_docs.MinutesView.as_view(), name="branch-meeting-minutes"),
]
