"""Deployment check: scheduled backups need a key kept outside the database."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

W001 = Warning(
    "COP_BACKUP_KEY is not set (or is shorter than 32 characters): `manage.py backup` and the "
    "scheduled backup refuse to run, so there is no backup to restore.",
    hint="Set COP_BACKUP_KEY to 32+ random characters in the service environment and keep a copy off the server.",
    id="cop_portal.W001",
)
W002 = Warning(
    "COP_BACKUP_KEY equals DJANGO_SECRET_KEY or COP_BALLOT_KEY: keep each secret apart, so "
    "rotating one does not touch the others and a backup never carries the key of the ballots.",
    id="cop_portal.W002",
)


@register(Tags.security, deploy=True)
def backup_key_check(app_configs=None, **kwargs):
    key = settings.COP_BACKUP_KEY
    if not key or len(key) < 32:
        return [W001]
    if key in (settings.SECRET_KEY, settings.COP_BALLOT_KEY):
        return [W002]
    return []
