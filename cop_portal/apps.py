from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CopPortalConfig(AppConfig):
    name = "cop_portal"
    verbose_name = _("Gender CoP portal")

    def ready(self):
        from . import converters

        # Before the URLconf is first loaded: the app patterns use <id:…> and <year:…>.
        converters.register()
