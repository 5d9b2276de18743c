"""The proposals app's e-mail: the answer to a proposal, to its author and supporters."""

from django.utils.translation import gettext_lazy as _

from notices.registry import register, register_category

register_category("proposal", _("Answers to proposals I made or supported"))
register("proposal_answered", template="proposals/emails/proposal_answered", category="proposal")
