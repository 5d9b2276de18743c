from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings, conventions and site visits")

    def ready(self):
        from cop_portal.monitoring import health
        from members import menu
        from members.signals import user_erased

        from . import selectors
        from .privacy import attendance_forget_name
        from .reminders.figures import delivery_figures

        user_erased.connect(attendance_forget_name, dispatch_uid="meetings_attendance_forget_name")
        # The coordinators' "Awaiting review" count in the account menu.
        menu.register(
            "review",
            lambda user: (
                selectors.meeting_count_awaiting_review() if user.is_staff and user.is_coordinator else None
            ),
        )
        # /healthz and /metrics report the outbox's backlog, failures and parked rows.
        health.register_outbox(delivery_figures)
