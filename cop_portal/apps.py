from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CopPortalConfig(AppConfig):
    name = "cop_portal"
    verbose_name = _("Gender CoP portal")

    def ready(self):
        from django.contrib.admin import ModelAdmin
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from . import audit, converters, two_factor  # noqa: F401 - two_factor: its signal receiver
        from .backups import checks  # noqa: F401 - registers the deployment check

        # Before the URLconf is first loaded: the app patterns use <id:…> and <year:…>.
        converters.register()
        # The audit trail sees every admin add/change/delete and every completed action.
        post_save.connect(audit.mirror_admin_log, sender=LogEntry, dispatch_uid="cop_audit_admin_log")
        if not hasattr(ModelAdmin.response_action, "__wrapped__"):
            ModelAdmin.response_action = audit.audited_response_action(ModelAdmin.response_action)
        # The Site row (links built without a request, the admin's "view on site") follows SITE_URL.
        post_migrate.connect(site_sync_on_migrate, sender=self)


def site_sync_on_migrate(using="default", **kwargs):
    from django.conf import settings
    from django.contrib.sites.models import Site

    from .accounts import site_domain

    Site.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": site_domain(), "name": "Gender CoP"}
    )
    Site.objects.clear_cache()
