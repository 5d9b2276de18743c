from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings, conventions and site visits")

    def ready(self):
        from cop_portal.monitoring import health
        from members.signals import user_erased

        from .privacy import attendance_forget_name
        from .reminders.figures import delivery_figures

        user_erased.connect(attendance_forget_name, dispatch_uid="meetings_attendance_forget_name")
        # /healthz and /metrics report the outbox's backlog, failures and parked rows.
        health.register_outbox(delivery_figures)
