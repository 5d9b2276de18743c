from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("E-mail outbox")

    def ready(self):
        from cop_portal.monitoring import health

        from . import (
            kinds,  # noqa: F401  (the outbox's own kinds)
            tasks,  # noqa: F401  (registered with Celery even before autodiscovery runs)
        )
        from .figures import delivery_figures

        # /healthz and /metrics report the outbox's backlog, failures and parked rows.
        health.register_outbox(delivery_figures)
        # Each app declares its e-mail kinds in ``<app>/notices.py``; nothing lists them here.
        autodiscover_modules("notices")
