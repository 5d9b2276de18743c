"""What the outbox tells the apps above it (``members`` keeps the member's notice in step)."""

from django.dispatch import Signal

# A mail server refused the address for good: kwargs ``user_id``, ``email``, ``at``.
address_bounced = Signal()
# The address is fixed (changed, confirmed again, or cleared by a coordinator): ``user_id``, ``email``.
address_cleared = Signal()
