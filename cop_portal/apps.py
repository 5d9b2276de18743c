from django.apps import AppConfig


class CopPortalConfig(AppConfig):
    name = "cop_portal"
    verbose_name = "Gender CoP portal"

    def ready(self):
        # Every process (web, worker, management commands) marks cached pages stale on writes.
        from . import pagecache

        pagecache.connect_signals()
