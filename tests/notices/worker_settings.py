"""Settings of the worker/beat processes the reminders' tests start: their own queue, so a
session-wide worker of other tests never takes (and sends) these tests' reminders."""

from tests.settings import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = "reminders-test"
