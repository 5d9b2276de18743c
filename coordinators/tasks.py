"""Periodic tasks of the elections app: thin wrappers, each idempotent."""

from celery import shared_task

from . import services


@shared_task
def elections_advance_due():
    """Move elections to the phase their dates call for."""
    return services.elections_advance_due()


@shared_task
def voting_reminders_send_due():
    """Queue the once-only voting reminders that are due."""
    return services.voting_reminders_send_due()


@shared_task
def coordinator_terms_sync():
    """Grant and remove coordinators' access according to the terms' dates."""
    return services.coordinator_terms_sync()
