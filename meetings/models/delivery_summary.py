"""The meetings seen from their e-mails (the outbox's rows are ``notices.Delivery``)."""

from django.utils.translation import gettext_lazy as _

from .meetings import Meeting


class MeetingDeliverySummary(Meeting):
    """The meetings seen from their e-mails: sent/failed counts and "send reminders now"."""

    class Meta:
        proxy = True
        verbose_name = _("meeting e-mail summary")
        verbose_name_plural = _("meeting e-mail summaries")
