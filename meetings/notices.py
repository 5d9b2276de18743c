"""The meetings app's e-mails: their preference categories, kinds and templates
(``templates/meetings/emails/<kind>.{subject.txt,txt,html}``), and the scan of what falls due."""

from django.utils.translation import gettext_lazy as _

from notices.registry import register, register_category, register_due_producer

from .reminders.hooks import MeetingHooks
from .reminders.services import meeting_deliveries_create_due

register_category("meeting_reminder", _("Reminders before meetings I registered for"))
register_category("meeting_notice", _("Changes, cancellations and waitlist news for my meetings"))
register_category("minutes_reminder", _("Reminders to upload minutes of meetings I organised"))
register_category(
    "meeting_review",
    _("Branch CoP meetings sent for review: waiting for a coordinator, or published after it"),
)
register_category("branch_announcement", _("Announcements of new meetings of the branch CoPs I follow"))
register_category(
    "convention_report", _("Convention progress reports: submissions to review and review results")
)

T = "meetings/emails/"
register(
    "meeting_reminder",
    template=T + "meeting_reminder",
    category="meeting_reminder",
    hooks=MeetingHooks(needs_seat=True, until_start=True, moved_skips=True),
)
register(
    "meeting_confirmed",
    template=T + "meeting_confirmed",
    category="meeting_notice",
    hooks=MeetingHooks(needs_seat=True),
)
register(
    "meeting_promoted",
    template=T + "meeting_promoted",
    category="meeting_notice",
    hooks=MeetingHooks(needs_seat=True),
)
register("meeting_changed", template=T + "meeting_changed", category="meeting_notice", hooks=MeetingHooks())
register(
    "meeting_cancelled",
    template=T + "meeting_cancelled",
    category="meeting_notice",
    hooks=MeetingHooks(sent_if_cancelled=True, online_link=False),
)
register(
    "minutes_reminder",
    template=T + "minutes_reminder",
    category="minutes_reminder",
    hooks=MeetingHooks(sent_if_cancelled=True, minutes_skip=True),
)
register(
    "branch_announcement",
    template=T + "branch_announcement",
    category="branch_announcement",
    hooks=MeetingHooks(until_start=True),
)

register_due_producer(meeting_deliveries_create_due)

register("meeting_review", template=T + "meeting_review", category="meeting_review")
register("meeting_review_published", template=T + "meeting_review_published", category="meeting_review")
register(
    "convention_report_submitted", template=T + "convention_report_submitted", category="convention_report"
)
register(
    "convention_report_reviewed", template=T + "convention_report_reviewed", category="convention_report"
)
