"""Periodic tasks of the branches app: thin wrappers around services, each idempotent."""

from celery import shared_task

from .services import branch_digest_send


@shared_task
def branch_digest_send_monthly():
    """The coordinators' digest of quiet branch CoPs; sends at most once a month however often
    it runs (the beat runs it daily, so a missed day is caught up)."""
    return branch_digest_send()
