from django.urls import path

from . import views
from .feedback import urls as feedback_urls
from .proposals import urls as proposal_urls

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/mine/", views.MyMeetingsView.as_view(), name="meeting-mine"),
    path("meetings/calendar.ics", views.CalendarFeedView.as_view(), name="meeting-calendar"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>.ics", views.MeetingIcsView.as_view(), name="meeting-ics"),
    path("meetings/<int:pk>/register/", views.RsvpCreateView.as_view(), name="rsvp-create"),
    path("meetings/<int:pk>/cancel/", views.RsvpCancelView.as_view(), name="rsvp-cancel"),
    path("meetings/<int:pk>/attendance/", views.AttendanceSheetView.as_view(), name="attendance-sheet"),
    path("calendar/<str:token>.ics", views.PersonalFeedView.as_view(), name="calendar-feed"),
    path("visits/", views.VisitListView.as_view(), name="visit-list"),
    path("visits/<int:pk>/", views.VisitDetailView.as_view(), name="visit-detail"),
    path("convention/<int:year>/", views.ConventionView.as_view(), name="convention-detail"),
    path("convention/<int:year>/report/", views.ConventionReportView.as_view(), name="convention-report"),
]

urlpatterns += proposal_urls.urlpatterns
urlpatterns += feedback_urls.urlpatterns
