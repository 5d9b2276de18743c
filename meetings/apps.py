from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings, conventions and site visits")

    def ready(self):
        from members.signals import user_erased

        from .privacy import attendance_forget_name

        user_erased.connect(attendance_forget_name, dispatch_uid="meetings_attendance_forget_name")
