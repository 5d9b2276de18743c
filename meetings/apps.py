from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings, conventions and site visits")

    def ready(self):
        from members import menu
        from members.signals import user_erased

        from . import selectors
        from .privacy import attendance_forget_name

        user_erased.connect(attendance_forget_name, dispatch_uid="meetings_attendance_forget_name")
        # The coordinators' "Awaiting review" count in the account menu.
        menu.register(
            "review",
            lambda user: (
                selectors.meeting_count_awaiting_review() if user.is_staff and user.is_coordinator else None
            ),
        )
