"""Tasks of the wiring layer: sending one templated e-mail through the worker."""

from celery import shared_task
from django.contrib.auth import get_user_model

from . import emails


@shared_task(
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def email_send(self, template: str, user_id: int, context: dict | None = None, kind: str | None = None):
    """Send ``template`` to user ``user_id`` (re-read now); retried on SMTP/network errors."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return False
    return emails.send(template, user=user, context=context or {}, kind=kind)


@shared_task(ignore_result=True)
def backup_scheduled():
    """Write one backup into COP_BACKUP_DIR, then keep only the COP_BACKUP_KEEP newest.

    Fails loudly (the task's error goes to the logs and the error reporter) when no key is set:
    a schedule that silently writes nothing is worse than none."""
    from .backups import backup_create, backup_prune

    result = backup_create()
    backup_prune()
    return str(result.path)
