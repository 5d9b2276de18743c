"""The elections' e-mails: voting open, reminders to vote, a nomination received."""

from django.utils.translation import gettext_lazy as _

from notices.registry import register, register_category

register_category("election", _("Election news and voting reminders"))

T = "coordinators/emails/"
register("voting_open", template=T + "voting_open", category="election")
register("voting_reminder", template=T + "voting_reminder", category="election")
register("nomination_received", template=T + "nomination_received", category="election")
