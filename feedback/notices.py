"""The feedback app's e-mail: the request for feedback after a meeting, queued by the scan."""

from django.utils.translation import gettext_lazy as _

from meetings.reminders.hooks import MeetingHooks
from notices.registry import register, register_category, register_due_producer

from .services import feedback_requests_create_due

register_category("feedback", _("Requests for feedback after meetings I attended"))
register(
    "feedback_request",
    template="feedback/emails/feedback_request",
    category="feedback",
    hooks=MeetingHooks(sent_if_cancelled=False, online_link=False, calendar=False),
)
register_due_producer(feedback_requests_create_due)
