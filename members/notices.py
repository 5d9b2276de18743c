"""The members app's e-mails: membership decisions, invitations, the last e-mail of an
erased account (templates ``members/emails/<kind>.{subject.txt,txt,html}``)."""

from django.utils.translation import gettext_lazy as _

from notices.registry import NoticeHooks, register, register_category

from .services.invitations import invitation_context


class InvitationHooks(NoticeHooks):
    """The set-password link is made when the e-mail is sent: never stored in the outbox."""

    def context(self, row, cache: dict) -> dict:
        return {**(row.context or {}), **invitation_context(row.user)}

    def group(self, row) -> tuple:
        return (row.pk,)  # each link is personal: no mail merge


register_category("membership", _("Decisions on my membership and branch applications"))

T = "members/emails/"
register("membership_applied", template=T + "membership_applied", category="membership")
register("membership_approved", template=T + "membership_approved", category="membership")
register("membership_declined", template=T + "membership_declined", category="membership")
# Account e-mails: not something a member can switch off.
register("invitation", template=T + "invitation", category=None, hooks=InvitationHooks())
# Sent after the erasure, to the address and name the account had: kept in the row's context
# only, and emptied from it once sent.
register(
    "account_deleted",
    template=T + "account_deleted",
    category=None,
    address_from="email",
    forget_context=True,
)
