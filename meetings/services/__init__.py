"""Every write about meetings: publishing, registrations and the waitlist, attendance,
materials and minutes, monthly series, convention reports and site visits. Split by topic;
every name is re-exported here."""

from ._common import (  # noqa: F401
    CALENDAR_FIELDS,
    ERROR_ALREADY_CANCELLED,
    ERROR_ATTENDANCE_DUPLICATE,
    ERROR_ATTENDANCE_TOO_EARLY,
    ERROR_CANCEL_REASON,
    ERROR_CANCELLED,
    ERROR_DUPLICATE,
    ERROR_NOT_COORDINATOR,
    ERROR_NOT_MANAGER,
    ERROR_NOT_MEMBER,
    ERROR_NOT_PUBLISHED,
    ERROR_NOT_YOURS,
    ERROR_PUBLISH_CANCELLED,
    ERROR_REGISTRATION_CLOSED,
    ERROR_REGISTRATION_NOT_OPEN,
    ERROR_REPORT_ACCEPT_STATUS,
    ERROR_REPORT_DUPLICATE,
    ERROR_REPORT_LOCKED,
    ERROR_REPORT_NOT_CONTACT,
    ERROR_REPORT_NOT_CONVENTION,
    ERROR_REPORT_NOT_SCHEDULED,
    ERROR_REPORT_RETURN_NOTES,
    ERROR_REPORT_RETURN_STATUS,
    ERROR_SERIES_COUNT,
    ERROR_WALK_IN_NAME,
    NOTICE_FIELDS,
    SERIES_MAX,
)
from .attendance import (  # noqa: F401
    attendance_add_walk_in,
    attendance_mark,
    attendance_record_sheet,
)
from .convention import (  # noqa: F401
    convention_report_review,
    convention_report_save,
)
from .materials import ERROR_MINUTES_EMPTY, material_add, material_remove, minutes_publish  # noqa: F401
from .meetings import (  # noqa: F401
    meeting_cancel,
    meeting_children_save,
    meeting_duplicate,
    meeting_publish,
    meeting_save,
    meeting_schedule_series,
    nth_weekday,
    series_dates,
    series_pattern,
)
from .registrations import (  # noqa: F401
    registration_check_open,
    rsvp_cancel,
    rsvp_create,
)
from .visits import visit_children_save  # noqa: F401
