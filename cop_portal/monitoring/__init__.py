"""What a host watches: error reports (``reporting``), Prometheus metrics (``metrics``), the
liveness of the Celery worker and beat and the outbox figures (``health``), JSON logs (``logs``).

Importing this package imports nothing of Django's models: settings import ``reporting``.
"""
