"""The outbox's figures for /healthz and /metrics (registered with cop_portal's monitoring)."""

from django.db.models import Count, Min
from django.utils import timezone

from .models import Delivery
from .selectors import delivery_list_stuck


def delivery_figures(*, now=None) -> dict:
    """Due and waiting, the oldest of them (seconds), failed, and parked: held for a bouncing
    address, or handed to the mail server by a worker that died before it knew the outcome."""
    now = now or timezone.now()
    status = Delivery.Status
    due = Delivery.objects.filter(status=status.PENDING, next_attempt_at__lte=now).aggregate(
        backlog=Count("id"), oldest=Min("due_at")
    )
    failed = Delivery.objects.filter(status=status.FAILED).count()
    return {
        "backlog": due["backlog"],
        "oldest_waiting_seconds": round((now - due["oldest"]).total_seconds()) if due["oldest"] else 0,
        "failed": failed,
        "parked": Delivery.objects.filter(status=status.PARKED).count()
        + delivery_list_stuck(now=now).count(),
    }
