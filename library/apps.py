from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "library"
    verbose_name = _("Library")

    def ready(self):
        from members import menu
        from members.signals import user_erased

        from . import permissions, tasks  # noqa: F401  (registered with Celery before autodiscovery: queued by name)
        from .services.following import theme_follow_forget

        menu.register(permissions.ADD_ROLE, permissions.user_add_role)
        user_erased.connect(theme_follow_forget, dispatch_uid="library_theme_follow_forget")
