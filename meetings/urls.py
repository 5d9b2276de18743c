from django.urls import path

from . import feeds, files, views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/mine/", views.MyMeetingsView.as_view(), name="meeting-mine"),
    path("meetings/calendar.ics", views.CalendarFeedView.as_view(), name="meeting-calendar"),
    path("meetings/feed.atom", feeds.MeetingAtomFeed(), name="meeting-feed"),
    path("meetings/<id:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<id:pk>.ics", views.MeetingIcsView.as_view(), name="meeting-ics"),
    path("meetings/<id:pk>/register/", views.RsvpCreateView.as_view(), name="rsvp-create"),
    path("meetings/<id:pk>/cancel/", views.RsvpCancelView.as_view(), name="rsvp-cancel"),
    path("meetings/<id:pk>/attendance/", views.AttendanceSheetView.as_view(), name="attendance-sheet"),
    path("calendar/<str:token>.ics", views.PersonalFeedView.as_view(), name="calendar-feed"),
    path("visits/", views.VisitListView.as_view(), name="visit-list"),
    path("visits/<id:pk>/", views.VisitDetailView.as_view(), name="visit-detail"),
    path("files/materials/<id:pk>/", files.MaterialFileView.as_view(), name="material-file"),
    path("files/visit-reports/<id:pk>/", files.VisitReportFileView.as_view(), name="visit-report-file"),
    path("files/visit-photos/<id:pk>/", files.VisitPhotoFileView.as_view(), name="visit-photo-file"),
    path("convention/", views.ConventionListView.as_view(), name="convention-list"),
    path("convention/<year:year>/", views.ConventionView.as_view(), name="convention-detail"),
    path("convention/<year:year>/report/", views.ConventionReportView.as_view(), name="convention-report"),
]
