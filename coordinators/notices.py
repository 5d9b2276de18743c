"""The elections' e-mails: nominations open, voting open, reminders to vote, a nomination received."""

from django.utils.translation import gettext_lazy as _

from notices.registry import register, register_category

register_category("election", _("Election news and voting reminders"))

T = "coordinators/emails/"
register("nominations_open", template=T + "nominations_open", category="election")
register("voting_open", template=T + "voting_open", category="election")
register("voting_reminder", template=T + "voting_reminder", category="election")
register("nomination_received", template=T + "nomination_received", category="election")
