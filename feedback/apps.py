from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Feedback after meetings")

    def ready(self):
        from meetings.reminders.services import register_due_producer

        from .services import feedback_request_rows

        # The reminders' scan (below us) asks for feedback requests through this hook, so
        # that meetings never imports the feedback app.
        register_due_producer(feedback_request_rows)
