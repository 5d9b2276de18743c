"""The one helper that sends every templated e-mail.

An e-mail is a template triplet ``<name>.subject.txt``, ``<name>.txt`` and ``<name>.html``
rendered in the recipient's preferred language. Every e-mail that is not an account
e-mail has a *kind*; the recipient can switch a kind off from their profile or with the
one-click link the message carries (also as ``List-Unsubscribe`` headers, RFC 8058).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

UNSUBSCRIBE_SALT = "cop.unsubscribe"

# Kinds of e-mail a member can switch off. Account e-mails (verification, password
# reset) have no kind and are always sent. Apps add their kinds here.
KINDS: dict[str, str] = {
    "membership": _("Decisions on my membership and branch applications"),
    "branch": _("Branch CoP registrations to review (organisation contacts, coordinators)"),
    "meeting_reminder": _("Reminders before meetings I registered for"),
    "meeting_notice": _("Changes, cancellations and waitlist news for my meetings"),
    "minutes_reminder": _("Reminders to upload minutes of meetings I organised"),
    "election": _("Election news and voting reminders"),
}


@dataclass
class Attachment:
    filename: str
    content: bytes | str
    mimetype: str


@dataclass
class RenderedEmail:
    subject: str
    text: str
    html: str
    headers: dict[str, str] = field(default_factory=dict)


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """Return (user id, kind); raise ``signing.BadSignature`` or ``ValueError``."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or data.get("k") not in KINDS:
        raise ValueError("unknown e-mail kind")
    return int(data["u"]), data["k"]


def unsubscribe_url(user_id: int, kind: str) -> str:
    path = reverse("members:unsubscribe", kwargs={"token": unsubscribe_token(user_id, kind)})
    return f"{settings.SITE_URL}{path}"


def wants(user, kind: str | None) -> bool:
    """Whether ``user`` accepts e-mails of ``kind`` (account e-mails always)."""
    if kind is None:
        return True
    return user.is_active and kind not in (user.muted_email_kinds or [])


def render(template: str, *, user, context: dict, kind: str | None) -> RenderedEmail:
    """Render the triplet ``template`` for ``user`` in their preferred language."""
    language = getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        ctx = {
            "user": user,
            "SITE_URL": settings.SITE_URL,
            "kind": kind,
            "kind_label": str(KINDS[kind]) if kind else "",
            **context,
        }
        headers = {}
        if kind:
            url = unsubscribe_url(user.pk, kind)
            ctx["unsubscribe_url"] = url
            headers["List-Unsubscribe"] = f"<{url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        subject = " ".join(render_to_string(f"{template}.subject.txt", ctx).split())
        text = render_to_string(f"{template}.txt", ctx)
        html = render_to_string(f"{template}.html", ctx)
    return RenderedEmail(subject=subject, text=text, html=html, headers=headers)


def build(
    template: str,
    *,
    user,
    context: dict | None = None,
    kind: str | None = None,
    attachments: list[Attachment] | tuple = (),
    headers: dict[str, str] | None = None,
    connection=None,
) -> EmailMultiAlternatives:
    """Build (not send) the message for ``user``; callers batching over one SMTP
    connection use this, everyone else ``send``."""
    rendered = render(template, user=user, context=context or {}, kind=kind)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={**rendered.headers, **(headers or {})},
        connection=connection,
    )
    message.attach_alternative(rendered.html, "text/html")
    for item in attachments:
        message.attach(item.filename, item.content, item.mimetype)
    return message


def send(
    template: str,
    *,
    user,
    context: dict | None = None,
    kind: str | None = None,
    attachments: list[Attachment] | tuple = (),
    connection=None,
) -> bool:
    """Send one templated e-mail to ``user`` unless they switched ``kind`` off.

    Returns whether a message was handed to the e-mail backend.
    """
    if not user.email or not wants(user, kind):
        return False
    message = build(
        template,
        user=user,
        context=context,
        kind=kind,
        attachments=attachments,
        connection=connection or get_connection(),
    )
    return message.send() == 1
