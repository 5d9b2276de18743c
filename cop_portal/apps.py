from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CopPortalConfig(AppConfig):
    name = "cop_portal"
    verbose_name = _("Gender CoP")

    def ready(self):
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
