"""Tasks of the wiring layer: the scheduled backup (e-mail is the outbox's, ``notices/tasks.py``)."""

from celery import shared_task


@shared_task(ignore_result=True)
def backup_scheduled():
    """Write one backup into COP_BACKUP_DIR, then keep only the COP_BACKUP_KEEP newest.

    Fails loudly (the task's error goes to the logs and the error reporter) when no key is set:
    a schedule that silently writes nothing is worse than none."""
    from .backups import backup_create, backup_prune

    result = backup_create()
    backup_prune()
    return str(result.path)
