"""The members app's e-mails: membership decisions, invitations, the last e-mail of an
erased account (templates ``members/emails/<kind>.{subject.txt,txt,html}``)."""

from django.utils.translation import gettext_lazy as _

from notices.registry import register, register_category

register_category("membership", _("Decisions on my membership and branch applications"))

T = "members/emails/"
register("membership_applied", template=T + "membership_applied", category="membership")
register("membership_approved", template=T + "membership_approved", category="membership")
register("membership_declined", template=T + "membership_declined", category="membership")
# Account e-mails: not something a member can switch off.
register("invitation", template=T + "invitation", category=None)
# Sent after the erasure, to the address the account had (kept in the row's context only).
register("account_deleted", template=T + "account_deleted", category=None, address_from="email")
