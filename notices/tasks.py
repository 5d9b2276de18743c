"""Celery tasks of the outbox: thin wrappers; the database row is the source of truth.

A failed e-mail is retried by the row (attempts, back-off, ``next_attempt_at``), not by
Celery: a retried task could not know whether the first try reached the mail server.
"""

import math

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(ignore_result=True)
def notices_scan():
    """Every minute (beat): queue due e-mails, recover dead claims, start the senders.

    Harmless when beat fires twice or the message is delivered twice: rows are unique and
    senders claim disjoint rows.
    """
    due = services.notices_scan()
    senders = min(settings.COP_REMINDER_PARALLEL, math.ceil(due / settings.COP_REMINDER_BATCH_SIZE))
    for _ in range(senders):
        notices_send_due.apply_async(ignore_result=True)
    return due


@shared_task(ignore_result=True)
def notices_send_due():
    """Send the due deliveries batch after batch; safe to run any number of times at once."""
    return services.notices_send_due()
