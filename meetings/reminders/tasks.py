"""Celery tasks of the reminders: thin wrappers; the database row is the source of truth."""

import math

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(ignore_result=True)
def reminders_scan():
    """Every minute (beat): queue due reminders, recover dead claims, start the senders.

    Harmless when beat fires twice or the message is delivered twice: rows are unique and
    senders claim disjoint rows.
    """
    due = services.reminders_scan()
    senders = min(settings.COP_REMINDER_PARALLEL, math.ceil(due / settings.COP_REMINDER_BATCH_SIZE))
    for _ in range(senders):
        reminders_send_due.apply_async(ignore_result=True)
    return due


@shared_task(ignore_result=True)
def reminders_send_due():
    """Send the due deliveries batch after batch; safe to run any number of times at once."""
    return services.reminders_send_due()
