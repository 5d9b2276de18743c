"""The library's e-mail: a member's message to an expert, relayed without showing addresses.

A member expert gets it as any notice (they may switch it off); a person from outside the CoP
has no account, so the row is addressed to the context's ``to`` (the sender's row, as the
outbox needs one) and can only be sent once. The message leaves the outbox once sent."""

from django.utils.translation import gettext_lazy as _

from notices.registry import register, register_category

TEMPLATE = "library/emails/expert_message"
register_category("expert_messages", _("Messages members send me through the experts' roster"))
register("expert_message", template=TEMPLATE, category="expert_messages", forget_context=True)
register("expert_message_outside", template=TEMPLATE, category=None, address_from="to", forget_context=True)
