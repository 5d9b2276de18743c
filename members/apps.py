from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and organisations")

    def ready(self):
        from allauth.account.signals import email_changed, email_confirmed
        from django.contrib.auth.signals import user_logged_in

        from notices.signals import address_bounced, address_cleared

        from . import menu, selectors, services
        from .services import bounces

        user_logged_in.connect(menu.on_login, dispatch_uid="members_menu_on_login")
        menu.register(
            "branches",
            lambda user: selectors.community_list_run_by(user=user) if user.is_member else [],
        )

        # Keep the coordinators' group in step with the models every migration adds.
        post_migrate.connect(services.coordinator_group_sync_on_migrate, sender=self)
        # A bouncing address: the notice on the member's pages, cleared when they fix it.
        address_bounced.connect(bounces.user_email_bounce_mark, dispatch_uid="members_bounce_mark")
        address_cleared.connect(bounces.user_email_bounce_unmark, dispatch_uid="members_bounce_unmark")
        email_confirmed.connect(bounces.on_email_confirmed, dispatch_uid="members_email_confirmed")
        email_changed.connect(bounces.on_email_changed, dispatch_uid="members_email_changed")
