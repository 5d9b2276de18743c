"""Every write of the outbox: ``queueing`` makes the rows (``notify``), ``sending`` claims
and sends them."""

from .queueing import (  # noqa: F401
    ERROR_NOTHING_TO_RESEND,
    deliveries_create_due,
    deliveries_resend,
    notify,
)
from .sending import (  # noqa: F401
    SKIP_MUTED,
    STUCK_NOTE,
    deliveries_build,
    deliveries_claim,
    deliveries_release_stuck,
    deliveries_send_batch,
    notices_scan,
    notices_send_due,
)
