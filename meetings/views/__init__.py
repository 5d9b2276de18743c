"""Views of meetings, site visits and the convention: a permission check, one service call or
selector, then a redirect or a page."""

from .meetings import (  # noqa: F401
    CALENDAR_NOT_FOUND,
    ICS_TYPE,
    REPORT_SAVED,
    REPORT_SUBMITTED,
    SHEET_SAVED,
    WALK_IN_ADDED,
    AttendanceSheetView,
    CalendarFeedView,
    MeetingDetailView,
    MeetingIcsView,
    MeetingListView,
    MyMeetingsView,
    PersonalFeedView,
)
from .registrations import (  # noqa: F401
    CANCELLED,
    NOT_REGISTERED,
    REGISTERED,
    WAITLISTED,
    RsvpCancelView,
    RsvpCreateView,
)
from .visits import (  # noqa: F401
    ConventionListView,
    ConventionReportView,
    ConventionView,
    VisitDetailView,
    VisitListView,
)
