"""Read functions of the meetings app: the pages' reads and the reports insights reads."""

from .convention import (  # noqa: F401
    branch_activity,
    convention_report_initial,
    report_branches_of,
    user_may_report_progress,
)
from .knowledge import (  # noqa: F401
    agenda_item_list_for_speakers,
    convention_report_list_accepted,
    joint_plan_item_list,
    material_list_for_library,
    meeting_list_with_minutes,
    visit_list_for_library,
)
from .pages import (  # noqa: F401
    MeetingCounts,
    attendance_list_for_export,
    attendance_list_walk_ins,
    convention_get,
    convention_list,
    convention_report_for,
    convention_report_get,
    convention_years,
    meeting_attended_public,
    meeting_count_awaiting_review,
    meeting_counts_shown,
    meeting_get_public,
    meeting_list_attach_counts,
    meeting_list_calendar,
    meeting_list_public,
    meeting_list_upcoming,
    meeting_seats_left,
    meeting_seats_taken_public,
    meeting_waitlist_count,
    registration_get,
    registration_list_for_export,
    registration_list_for_sheet,
    registration_list_for_user,
    registration_meeting_ids_confirmed,
    registration_waitlist_position,
    user_get_by_calendar_token,
    visit_get,
    visit_list,
    visit_list_latest,
    visit_participants,
)
from .reports import (  # noqa: F401
    attendance_count_by_meeting,
    attendance_count_by_organisation,
    site_visit_count_by_province,
    site_visit_outcome_totals,
)
