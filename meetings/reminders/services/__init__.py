"""Every write of the reminders: ``queueing`` makes the rows, ``sending`` claims and sends them."""

from .queueing import (  # noqa: F401
    ERROR_MEETING_NOT_UPCOMING,
    ERROR_NOTHING_TO_RESEND,
    ERROR_UNKNOWN_KIND,
    branch_announcement_enqueue,
    deliveries_create_due,
    deliveries_resend,
    delivery_rows_missing,
    meeting_reminders_send_now,
    notice_enqueue,
    register_due_producer,
    reminder_key,
    reminder_offsets,
)
from .sending import (  # noqa: F401
    SKIP_CANCELLED,
    SKIP_HAS_MINUTES,
    SKIP_MOVED,
    SKIP_MUTED,
    SKIP_NOT_REGISTERED,
    SKIP_STARTED,
    STUCK_NOTE,
    TEMPLATE,
    _build,
    _context,
    deliveries_claim,
    deliveries_release_stuck,
    deliveries_send_batch,
    reminders_scan,
    reminders_send_due,
)
