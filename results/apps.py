from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "results"
    verbose_name = _("Gender results")

    def ready(self):
        from meetings import extensions

        from . import hooks

        extensions.register("convention", hooks.convention_section)
        extensions.register("visit", hooks.visit_section)
        extensions.register("report_initial", hooks.report_initial)
