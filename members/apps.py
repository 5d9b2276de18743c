from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and organisations")

    def ready(self):
        from . import services

        # Keep the coordinators' group in step with the models every migration adds.
        post_migrate.connect(services.coordinator_group_sync_on_migrate, sender=self)
