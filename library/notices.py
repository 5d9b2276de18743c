"""The library's e-mail: a member's message to an expert, relayed without showing addresses,
and the daily digest of new items in the themes a member follows.

A member expert gets it as any notice (they may switch it off); a person from outside the CoP
has no account, so the row is addressed to the context's ``to`` (the sender's row, as the
outbox needs one) and can only be sent once. The message leaves the outbox once sent."""

from django.utils.translation import gettext_lazy as _

from members.permissions import user_is_member
from notices.registry import NoticeHooks, register, register_category

SKIP_NOT_MEMBER = "the digest lists members-only items and the recipient is no longer a member"


class ThemeDigestHooks(NoticeHooks):
    """A digest listing members-only items goes to a member only (checked again when sent)."""

    def skip(self, row, *, now) -> str:
        if (row.context or {}).get("members_only") and not user_is_member(row.user):
            return SKIP_NOT_MEMBER
        return ""


TEMPLATE = "library/emails/expert_message"
register_category("expert_messages", _("Messages members send me through the experts' roster"))
register("expert_message", template=TEMPLATE, category="expert_messages", forget_context=True)
register("expert_message_outside", template=TEMPLATE, category=None, address_from="to", forget_context=True)
register_category("theme_digest", _("New library items in the themes I follow (one e-mail a day)"))
register(
    "theme_digest", template="library/emails/theme_digest", category="theme_digest", hooks=ThemeDigestHooks()
)
