"""Building the outbox's messages: a template triplet rendered in the recipient's language.

An e-mail is a template triplet ``<name>.subject.txt``, ``<name>.txt`` and ``<name>.html``
rendered in the recipient's preferred language. An e-mail whose kind belongs to a preference
category (``registry``) can be switched off from the profile or with the one-click link the
message carries (also as ``List-Unsubscribe`` headers, RFC 8058); here ``kind`` is that
category. Only the outbox's sender (``services/sending.py``) calls ``build``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from email.policy import Compat32

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

UNSUBSCRIBE_SALT = "cop.unsubscribe"


class _Policy(Compat32):
    """Python's ``compat32`` e-mail policy (Django's), with a short cut for short headers.

    A header that is printable ASCII and fits on one line folds to itself; compat32 still
    runs it through ``email.header.Header`` (a third of serialising a reminder: about 20
    headers a message). Anything else is folded exactly as before.
    """

    def _fold(self, name, value, sanitize):
        if (
            isinstance(value, str)
            and value.isascii()
            and value.isprintable()
            and len(name) + 2 + len(value) <= (self.max_line_length or 0)
        ):
            return f"{name}: {value}{self.linesep}"
        return super()._fold(name, value, sanitize)


POLICY = _Policy()


class Message(EmailMultiAlternatives):
    """A multipart e-mail whose MIME boundaries are random tokens chosen up front.

    Left unset, Python's generator picks each boundary by compiling a fresh regular
    expression to search the whole message for it, which also flushes the ``re`` cache.
    128 random bits cannot occur in the content by chance, and no sender can guess them
    in advance. Headers are written with ``POLICY``.
    """

    def message(self, *args, **kwargs):
        msg = super().message(*args, **kwargs)
        msg.policy = POLICY
        for part in msg.walk():
            if part.is_multipart() and part.get_boundary() is None:
                part.set_boundary(f"=_cop_{secrets.token_hex(16)}")
        return msg


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
    if not isinstance(data, dict) or not isinstance(data.get("k"), str) or "u" not in data:
        raise ValueError("not an unsubscribe token")
    return int(data["u"]), data["k"]


def unsubscribe_url(user_id: int, kind: str) -> str:
    path = reverse("members:unsubscribe", kwargs={"token": unsubscribe_token(user_id, kind)})
    return f"{settings.SITE_URL}{path}"


def wants(user, kind: str | None) -> bool:
    """Whether ``user`` accepts e-mails of ``kind`` (account e-mails always)."""
    if kind is None:
        return True
    return user.is_active and kind not in (user.muted_email_kinds or [])


def _render_text(name: str, ctx: dict) -> str:
    """Plain-text parts (subject, body) are not HTML: render them without autoescaping,
    so that "Gender & Development" does not reach a subject line as "&amp;"."""
    return get_template(name).template.render(Context(ctx, autoescape=False))


def _render(
    template: str, *, user, context: dict, kind: str | None, language: str, unsubscribe: str, kind_label=""
):
    with translation.override(language):
        ctx = {
            "user": user,
            "SITE_URL": settings.SITE_URL,
            "LANGUAGE_CODE": language,
            "kind": kind,
            "kind_label": str(kind_label) if kind else "",
            **context,
        }
        headers = {}
        if kind:
            ctx["unsubscribe_url"] = unsubscribe
            headers["List-Unsubscribe"] = f"<{unsubscribe}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        subject = " ".join(_render_text(f"{template}.subject.txt", ctx).split())
        text = _render_text(f"{template}.txt", ctx)
        html = render_to_string(f"{template}.html", ctx)
    return RenderedEmail(subject=subject, text=text, html=html, headers=headers)


def _language(user) -> str:
    return getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE


def render(template: str, *, user, context: dict, kind: str | None, kind_label="") -> RenderedEmail:
    """Render the triplet ``template`` for ``user`` in their preferred language."""
    unsubscribe = unsubscribe_url(user.pk, kind) if kind else ""
    return _render(
        template,
        user=user,
        context=context,
        kind=kind,
        language=_language(user),
        unsubscribe=unsubscribe,
        kind_label=kind_label,
    )


# Stand-ins for the two things that differ between the members who get the same e-mail
# (private-use characters: no template, translation or escaping produces or alters them).
NAME_MARK = "\ue000recipient-name\ue000"
LINK_MARK = "\ue000unsubscribe-link\ue000"


def _fill(merged: RenderedEmail, *, name: str, link: str) -> RenderedEmail:
    def plain(value: str) -> str:
        return value.replace(NAME_MARK, name).replace(LINK_MARK, link)

    return RenderedEmail(
        subject=" ".join(plain(merged.subject).split()),
        text=plain(merged.text),
        html=merged.html.replace(NAME_MARK, escape(name)).replace(LINK_MARK, escape(link)),
        headers={key: plain(value) for key, value in merged.headers.items()},
    )


class _Recipient:
    """Stands in for the recipient while a merged e-mail is rendered.

    It knows only the name (as a stand-in mark). Anything else a template reads of the
    recipient is noted, and makes that group fall back to rendering every message in full.
    """

    def __init__(self, language: str):
        object.__setattr__(self, "other_reads", set())
        self.full_name = NAME_MARK
        self.preferred_language = language

    def get_full_name(self) -> str:
        return NAME_MARK

    def __getattr__(self, name: str):  # only for attributes not set above
        self.other_reads.add(name)
        raise AttributeError(name)

    def __str__(self) -> str:
        self.other_reads.add("__str__")
        return ""


def render_merged(
    template: str, *, user, context: dict, kind: str | None, group, cache: dict, kind_label=""
) -> RenderedEmail:
    """``render`` for one e-mail sent to many members (a mail merge).

    The triplet is rendered once per ``group`` (what the caller knows makes ``context``
    the same) and language, with stand-ins for the recipient's name and unsubscribe link,
    then filled in per member: a reminder to 10,000 members renders its templates twice
    per language, not 30,000 times. A template that reads anything else of the recipient,
    or whose merged result differs for the first member from rendering in full, is
    rendered in full for every member of the group: merging never changes a message.
    """
    language = _language(user)
    key = (template, kind, language, group)
    real = unsubscribe_url(user.pk, kind) if kind else ""
    common = {"context": context, "kind": kind, "language": language, "kind_label": kind_label}
    if key not in cache:
        stand_in = _Recipient(language)
        merged = _render(template, user=stand_in, unsubscribe=LINK_MARK, **common)
        full = _render(template, user=user, unsubscribe=real, **common)
        usable = not stand_in.other_reads and _fill(merged, name=_name(user, language), link=real) == full
        cache[key] = merged if usable else None
        return full
    merged = cache[key]
    if merged is None:
        return _render(template, user=user, unsubscribe=real, **common)
    return _fill(merged, name=_name(user, language), link=real)


def _sender(language: str) -> str:
    """The sender with the portal's name in the recipient's language ("Жендэрийн CoP")."""
    from cop_portal.accounts import sender  # allauth's adapter module: imported only when sending

    with translation.override(language):
        return sender()


def _name(user, language: str) -> str:
    """The recipient's name as their e-mail shows it (a blank name reads "Unnamed member" in
    their language, not in whatever language the sending process has active)."""
    with translation.override(language):
        return user.get_full_name()


def build(
    template: str,
    *,
    user,
    context: dict | None = None,
    kind: str | None = None,
    kind_label="",
    to: str = "",
    attachments: list[Attachment] | tuple = (),
    headers: dict[str, str] | None = None,
    connection=None,
    merge: tuple[object, dict] | None = None,
) -> Message:
    """Build (not send) the message for ``user`` (to ``to``, else their address); the
    outbox sends it. Batches of the same e-mail pass ``merge=(group, cache)`` to render it
    once per group (see ``render_merged``)."""
    if merge is None:
        rendered = render(template, user=user, context=context or {}, kind=kind, kind_label=kind_label)
    else:
        group, cache = merge
        rendered = render_merged(
            template,
            user=user,
            context=context or {},
            kind=kind,
            group=group,
            cache=cache,
            kind_label=kind_label,
        )
    return message_from(
        rendered, user=user, to=to, attachments=attachments, headers=headers, connection=connection
    )


def message_from(
    rendered: RenderedEmail, *, user, to: str = "", attachments=(), headers=None, connection=None
) -> Message:
    """The message of ``rendered`` for ``user`` (to ``to``, else their address)."""
    message = Message(
        subject=rendered.subject,
        body=rendered.text,
        from_email=_sender(_language(user)),
        to=[to or user.email],
        headers={**rendered.headers, **(headers or {})},
        connection=connection,
    )
    message.attach_alternative(rendered.html, "text/html")
    for item in attachments:
        message.attach(item.filename, item.content, item.mimetype)
    return message
