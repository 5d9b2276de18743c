from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and organisations")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import menu, selectors, services

        user_logged_in.connect(menu.on_login, dispatch_uid="members_menu_on_login")
        menu.register(
            "branches",
            lambda user: selectors.community_list_run_by(user=user) if user.is_member else [],
        )

        # Keep the coordinators' group in step with the models every migration adds.
        post_migrate.connect(services.coordinator_group_sync_on_migrate, sender=self)
