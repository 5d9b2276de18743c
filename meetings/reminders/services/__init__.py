"""The meetings' e-mails: what falls due (reminders, minutes reminders, announcements of
branch meetings) and the notices the meeting services send, all queued in the outbox."""

from .queueing import (  # noqa: F401
    ANNOUNCE_KEY,
    ERROR_MEETING_NOT_UPCOMING,
    ERROR_UNKNOWN_KIND,
    NOTICE_KINDS,
    branch_announcement_enqueue,
    meeting_deliveries_create_due,
    meeting_key,
    meeting_reminders_send_now,
    notice_enqueue,
    reminder_key,
    reminder_offsets,
)
