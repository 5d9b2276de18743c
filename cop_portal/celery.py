"""The Celery application: configured from Django settings (CELERY_* names)."""

import os

from celery import Celery
from kombu.transport import TRANSPORT_ALIASES

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")

# The embedded broker (no server needed): kombu's filesystem transport with
# atomic writes; see cop_portal/broker.py.
TRANSPORT_ALIASES.setdefault("copfs", "cop_portal.broker:Transport")

app = Celery("cop_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
