"""Reads of the reminders: what is due, what is stuck, per-meeting counts."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ..models import Delivery, MeetingDeliverySummary


def delivery_list_stuck(*, now=None) -> QuerySet[Delivery]:
    """Rows still "sending" longer than the timeout: a worker died while sending them."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=settings.COP_REMINDER_SENDING_TIMEOUT_SECONDS)
    return Delivery.objects.filter(status=Delivery.Status.SENDING, claimed_at__lt=cutoff)


def delivery_count_due(*, now=None) -> int:
    now = now or timezone.now()
    return Delivery.objects.filter(status=Delivery.Status.PENDING, next_attempt_at__lte=now).count()


def meeting_delivery_summary_list() -> QuerySet[MeetingDeliverySummary]:
    """Meetings with their e-mail counts by status, in one query."""
    status = Delivery.Status
    return MeetingDeliverySummary.objects.annotate(
        deliveries_sent=Count("deliveries", filter=Q(deliveries__status=status.SENT)),
        deliveries_failed=Count("deliveries", filter=Q(deliveries__status=status.FAILED)),
        deliveries_waiting=Count(
            "deliveries", filter=Q(deliveries__status__in=[status.PENDING, status.SENDING])
        ),
        deliveries_skipped=Count("deliveries", filter=Q(deliveries__status=status.SKIPPED)),
    )
