"""A real Celery beat and worker leave their signs of life where /healthz and /metrics read them."""

import time

import pytest
from django.core.cache import cache

from cop_portal.monitoring import health
from tests.worker import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_beat_ticks_each_time_it_sends_and_the_worker_beats(reminder_processes):
    cache.delete_many([health.BEAT_KEY, health.WORKER_KEY])
    started = time.time()

    reminder_processes(env={"COP_REMINDER_SCAN_SECONDS": "1", "COP_WORKER_HEARTBEAT_SECONDS": "1"})
    reminder_processes(env={"COP_REMINDER_SCAN_SECONDS": "1"}, beat=True, name="beat", purge=False)
    first = None

    def ticked_twice() -> bool:
        nonlocal first
        at = cache.get(health.BEAT_KEY)
        first = first or at
        return at is not None and at > first  # a tick after the one written at start

    wait_until(ticked_twice, timeout=60, message="beat never ticked after starting")
    wait_until(
        lambda: (cache.get(health.WORKER_KEY) or 0) > started, timeout=60, message="no worker heartbeat"
    )
    assert health.liveness()["beat"]["status"] == "ok"
    assert health.liveness()["worker"]["status"] == "ok"
