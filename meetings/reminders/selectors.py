"""Reads of the meetings' e-mails: per-meeting counts."""

from django.db.models import Count, Q, QuerySet

from notices.models import Delivery

from ..models import MeetingDeliverySummary


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
