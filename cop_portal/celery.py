"""The Celery application: configured from Django settings (CELERY_* names)."""

import os

from celery import Celery, bootsteps, signals
from kombu.transport import TRANSPORT_ALIASES

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cop_portal.settings")

# The embedded broker (no server needed): kombu's filesystem transport with
# atomic writes; see cop_portal/broker.py.
TRANSPORT_ALIASES.setdefault("copfs", "cop_portal.broker:Transport")

app = Celery("cop_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class LivenessStep(bootsteps.StartStopStep):
    """Writes the worker's heartbeat into the shared cache on the worker's own timer."""

    requires = {"celery.worker.components:Timer"}

    def start(self, worker):
        from django.conf import settings

        from .monitoring import health

        health.worker_beat()
        self.tref = worker.timer.call_repeatedly(settings.COP_WORKER_HEARTBEAT_SECONDS, health.worker_beat)

    def stop(self, worker):
        if getattr(self, "tref", None) is not None:
            self.tref.cancel()


app.steps["worker"].add(LivenessStep)


@signals.beat_init.connect
def _beat_started(sender=None, **kwargs):
    from .monitoring import health

    health.beat_started()
    signals.before_task_publish.connect(health.beat_tick, weak=False)


@signals.task_failure.connect
def _task_failed(sender=None, **kwargs):
    from .monitoring import health

    health.task_failed(sender=sender)
