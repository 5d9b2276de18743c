"""The sender's fast path: one group's message serialised once, each member's bytes filled in.

``emails.render_merged`` renders a group's templates once; this goes one step further for
the SMTP sender. The group's message is built and serialised once per language with
stand-ins for the recipient's name and unsubscribe link, and cut into static bytes and
slots: the name and link in the text and HTML parts, the MIME boundaries (fresh random
ones for every message), and the header fields that differ per message (To, Date,
Message-ID, the caller's headers, anything holding the link or the name), written for each
message exactly as Django writes them. Building a reminder is then a join of bytes instead
of a MIME tree and its serialisation.

The first member of each group and variant (whether the name and link are ASCII, which
decides a part's 7bit or 8bit) is built in full; the compiled message must reproduce those
bytes exactly, or the group is built in full for everyone. A member whose name or address
would make the message differ in form (a line over SMTP's limit, a line break, an address
to encode) is built in full too: the fast path never changes a message.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from email.utils import formatdate, make_msgid

from django.conf import settings
from django.core.mail.message import forbid_multi_line_headers, sanitize_address
from django.core.mail.utils import DNS_NAME
from django.utils.html import escape

from . import emails

WIRE_POLICY = emails.POLICY.clone(linesep="\r\n")
LINE_LIMIT = 998  # RFC 5322; Django quoted-printable encodes a part with a longer line
# The HTML part's own stand-ins: the name and link are escaped there and not in the text.
HTML_NAME_MARK = "\ue001recipient-name\ue001"
HTML_LINK_MARK = "\ue001unsubscribe-link\ue001"
# An address written as is in the envelope (what ``sanitize_address`` returns unchanged).
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[a-z0-9-]+(\.[a-z0-9-]+)+")
_MISSING = object()


@dataclass(frozen=True)
class Wire:
    """A message as handed to the mail server."""

    from_addr: str
    recipients: list[str]
    data: bytes


@dataclass(frozen=True)
class Compiled:
    pieces: tuple  # bytes, or the name (str) of a slot
    headers: dict  # header slot name -> how to compute its value ("to", "date", ...)
    boundaries: int
    envelope_from: str
    attachments: list

    @property
    def fields(self) -> set[str]:
        return {field for field, _name in self.headers.values()}

    def fill(self, values: dict, *, boundaries: list[bytes]) -> bytes:
        slots = {**values, **{f"b{i}": b for i, b in enumerate(boundaries)}}
        return b"".join(p if isinstance(p, bytes) else slots[p] for p in self.pieces)


def _header(name: str, value: str) -> bytes:
    return WIRE_POLICY.fold_binary(*forbid_multi_line_headers(name, value, settings.DEFAULT_CHARSET))


def _fresh_boundaries(count: int) -> list[bytes]:
    token = secrets.token_hex(16 * count)
    return [f"=_cop_{token[32 * i : 32 * (i + 1)]}".encode() for i in range(count)]


def _values(compiled: Compiled, *, merged, name: str, link: str, to: str, headers: dict, date, msgid) -> dict:
    """Every slot's bytes for one member."""

    def plain(value: str) -> str:
        return value.replace(emails.NAME_MARK, name).replace(emails.LINK_MARK, link)

    sources = {
        "to": to,
        "date": date,
        "message-id": msgid,
        **{key.lower(): plain(value) for key, value in merged.headers.items()},
        **{key.lower(): value for key, value in headers.items()},
    }
    if "subject" in compiled.fields:
        sources["subject"] = " ".join(plain(merged.subject).split())
    values = {
        "name": name.encode(),
        "link": link.encode(),
        "html-name": escape(name).encode(),
        "html-link": escape(link).encode(),
    }
    for slot, (field, header_name) in compiled.headers.items():
        values[slot] = _header(header_name, sources[field])
    return values


def _split_head(data: bytes) -> list[tuple[str, bytes]]:
    """The top-level header fields of ``data`` as (lower-case name, field bytes), then ("", rest)."""
    end = data.index(b"\r\n\r\n") + 2
    fields: list[tuple[str, bytes]] = []
    for line in data[:end].split(b"\r\n")[:-1]:
        if line[:1] in (b" ", b"\t"):
            name, field = fields[-1]
            fields[-1] = (name, field + line + b"\r\n")
        else:
            fields.append((line.split(b":", 1)[0].decode("ascii").lower(), line + b"\r\n"))
    return [*fields, ("", data[end:])]


def _set_transfer_encodings(msg, ascii_values: dict[str, bool]) -> None:
    """A part holding stand-ins is 7bit when its own text and the values it will hold are
    ASCII, as Django would make it (the stand-ins themselves are not ASCII)."""
    marks = {
        emails.NAME_MARK: "name",
        emails.LINK_MARK: "link",
        HTML_NAME_MARK: "name",
        HTML_LINK_MARK: "link",
    }
    for part in msg.walk():
        if part.is_multipart() or part.get("Content-Transfer-Encoding") != "8bit":
            continue
        text = part.get_payload(decode=True).decode("utf-8", "replace")
        present = [value for mark, value in marks.items() if mark in text]
        if not present:
            continue
        for mark in marks:
            text = text.replace(mark, "")
        if text.isascii() and all(ascii_values[value] for value in present):
            part.replace_header("Content-Transfer-Encoding", "7bit")


def compile_message(message, *, merged, headers: dict, ascii_values: dict, attachments) -> Compiled | None:
    """Cut the group's message ``message`` (an ``emails.Message`` built from ``merged``, the
    rendering with stand-ins) into static bytes and slots; ``None`` if it cannot be."""
    msg = message.message()
    _set_transfer_encodings(msg, ascii_values)
    boundaries = [part.get_boundary().encode() for part in msg.walk() if part.is_multipart()]
    data = msg.as_bytes(linesep="\r\n")
    per_message = {"to", "date", "message-id"} | {key.lower() for key in headers}
    per_message |= {
        key.lower()
        for key, value in merged.headers.items()
        if emails.NAME_MARK in value or emails.LINK_MARK in value
    }
    if emails.NAME_MARK in merged.subject or emails.LINK_MARK in merged.subject:
        per_message.add("subject")
    slots: dict[str, tuple[str, str]] = {}
    pieces: list = []
    for field_name, field in _split_head(data):
        if field_name in per_message:
            if field_name in {f for f, _n in slots.values()}:
                return None  # a header twice: not worth a special case
            slot = f"h{len(slots)}"
            slots[slot] = (field_name, field.split(b":", 1)[0].decode("ascii"))
            pieces.append(slot)
        else:
            pieces.append(field)
    if {field for field, _name in slots.values()} != per_message:
        return None
    stand_ins = {
        emails.NAME_MARK.encode(): "name",
        emails.LINK_MARK.encode(): "link",
        HTML_NAME_MARK.encode(): "html-name",
        HTML_LINK_MARK.encode(): "html-link",
        **{boundary: f"b{i}" for i, boundary in enumerate(boundaries)},
    }
    pattern = re.compile(b"(" + b"|".join(re.escape(s) for s in stand_ins) + b")")
    cut: list = []
    for piece in pieces:
        if isinstance(piece, str):
            cut.append(piece)
            continue
        for i, part in enumerate(pattern.split(piece)):
            if i % 2:
                cut.append(stand_ins[part])
            elif part:
                cut.append(part)
    envelope_from = sanitize_address(message.from_email, settings.DEFAULT_CHARSET)
    return Compiled(tuple(cut), slots, len(boundaries), envelope_from, list(attachments))


def _envelope_to(to: str) -> str:
    return to if PLAIN_ADDRESS.fullmatch(to) else sanitize_address(to, settings.DEFAULT_CHARSET)


def build_wire(
    template: str,
    *,
    user,
    to: str,
    context: dict,
    kind: str | None,
    kind_label,
    attachments: list,
    headers: dict[str, str],
    group,
    cache: dict,
) -> Wire:
    """The bytes of ``emails.build(..., merge=(group, cache))`` for ``user``, filled in from
    the group's compiled message when there is one (see the module docstring)."""
    language = emails._language(user)
    name = emails._name(user, language)
    link = emails.unsubscribe_url(user.pk, kind) if kind else ""
    to = to or user.email
    args = {
        "user": user,
        "to": to,
        "context": context,
        "kind": kind,
        "kind_label": kind_label,
        "attachments": attachments,
        "headers": headers,
        "merge": (group, cache),
    }
    if any(c in value for value in (name, link) for c in "\r\n"):
        return _in_full(emails.build(template, **args), to)
    ascii_values = {"name": name.isascii(), "link": link.isascii()}
    key = ("wire", template, kind, language, group, tuple(ascii_values.values()))
    compiled = cache.get(key, _MISSING)
    if compiled is _MISSING:  # the first of its group and variant: built in full, and checked
        message = emails.build(template, **args)
        data = message.message().as_bytes(linesep="\r\n")
        cache[key] = _compiled_like(
            data, template, key, args, name=name, link=link, ascii_values=ascii_values
        )
        return Wire(sanitize_address(message.from_email, settings.DEFAULT_CHARSET), [_envelope_to(to)], data)
    merged = cache.get((template, kind, language, group))
    if compiled is None or merged is None or attachments != compiled.attachments:
        return _in_full(emails.build(template, **args), to)
    values = _values(
        compiled,
        merged=merged,
        name=name,
        link=link,
        to=to,
        headers=headers,
        date=formatdate(localtime=settings.EMAIL_USE_LOCALTIME),
        msgid=make_msgid(domain=DNS_NAME),
    )
    data = compiled.fill(values, boundaries=_fresh_boundaries(compiled.boundaries))
    if max(map(len, data.split(b"\r\n"))) > LINE_LIMIT:
        return _in_full(emails.build(template, **args), to)
    return Wire(compiled.envelope_from, [_envelope_to(to)], data)


def _in_full(message, to: str) -> Wire:
    data = message.message().as_bytes(linesep="\r\n")
    return Wire(sanitize_address(message.from_email, settings.DEFAULT_CHARSET), [_envelope_to(to)], data)


def _compiled_like(
    data: bytes, template: str, key, args: dict, *, name, link, ascii_values
) -> Compiled | None:
    """Compile the group's message, if the group merges, and keep it only if it gives back
    ``data`` (the first member's message built in full) with that message's boundaries,
    date and id."""
    _wire, _template, kind, language, group, _ascii = key
    merged = args["merge"][1].get((template, kind, language, group))
    if merged is None:
        return None
    stand_in = emails.RenderedEmail(
        subject=merged.subject,
        text=merged.text,
        html=merged.html.replace(emails.NAME_MARK, HTML_NAME_MARK).replace(emails.LINK_MARK, HTML_LINK_MARK),
        headers=merged.headers,
    )
    message = emails.message_from(
        stand_in, user=args["user"], to=args["to"], attachments=args["attachments"], headers=args["headers"]
    )
    compiled = compile_message(
        message,
        merged=merged,
        headers=args["headers"],
        ascii_values=ascii_values,
        attachments=args["attachments"],
    )
    if compiled is None:
        return None
    head = dict(_split_head(data)[:-1])
    date = head.get("date", b"").split(b":", 1)[-1].strip().decode("ascii")
    msgid = head.get("message-id", b"").split(b":", 1)[-1].strip().decode("ascii")
    values = _values(
        compiled,
        merged=merged,
        name=name,
        link=link,
        to=args["to"],
        headers=args["headers"],
        date=date,
        msgid=msgid,
    )
    found = re.findall(rb'boundary="(=_cop_[0-9a-f]{32})"', data)
    if len(found) != compiled.boundaries:
        return None
    return compiled if compiled.fill(values, boundaries=found) == data else None
