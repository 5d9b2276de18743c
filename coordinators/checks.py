"""Deployment check: ballots must not be sealed with the public development key."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

from .sealing import DEV_BALLOT_KEY

W001 = Warning(
    "COP_BALLOT_KEY is not set (or is the development key, or shorter than 32 characters): "
    "anyone who reads the database could open the ballots of an election whose voting is open.",
    hint="Set COP_BALLOT_KEY to 32+ random characters in the service environment, not in the database.",
    id="coordinators.W001",
)
W002 = Warning(
    "COP_BALLOT_KEY equals DJANGO_SECRET_KEY: keep the ballot secret apart, so rotating one "
    "does not touch the other.",
    id="coordinators.W002",
)


@register(Tags.security, deploy=True)
def ballot_key_check(app_configs=None, **kwargs):
    key = settings.COP_BALLOT_KEY
    if not key or key == DEV_BALLOT_KEY or len(key) < 32:
        return [W001]
    if key == settings.SECRET_KEY:
        return [W002]
    return []
