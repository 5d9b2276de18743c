"""The sender's fast path (``notices.wire``): a group's message compiled once gives, for every
member, the bytes building that member's message in full gives (but for the fresh random
boundaries, the date and the message id), and it is really used."""

import re
from email import message_from_bytes
from email.policy import default

import pytest
from django.core.mail.message import sanitize_address

from notices import registry, wire
from notices.models import Delivery
from notices.services import deliveries_create_due, sending
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

NAMES = [
    ("Болд", "mn"),
    ("Ann & <Lee>", "en"),
    ("Сараа", "mn"),
    ("Tom", "en"),
    ("", "mn"),  # a blank name reads "Unnamed member" in the member's language
    ("", "en"),
    ("Ganaa", "mn"),  # ASCII name in Mongolian mail, Cyrillic in English mail
    ("Дорж", "en"),
    ("Н" * 150, "mn"),  # long enough to fold nothing but to make a long line
    ("x" * 150, "en"),
]


def _normalised(data: bytes) -> bytes:
    """The bytes without what is fresh in every message: boundaries, date, id (and the
    calendar file's time stamp, made again for the message built in full)."""
    for i, boundary in enumerate(dict.fromkeys(re.findall(rb"=_cop_[0-9a-f]{32}", data))):
        data = data.replace(boundary, b"=_cop_boundary%d" % i)
    data = re.sub(rb"^(Date|DTSTAMP)(: |:).*\r\n", b"", data, flags=re.M)  # DTSTAMP: the calendar's "now"
    return re.sub(rb"^Message-ID: .*\r\n", b"", data, flags=re.M)


@pytest.fixture
def rows(due_meeting, monkeypatch):
    # Signed links carry the second they were made in: make them per member only.
    from notices import emails

    monkeypatch.setattr(emails, "unsubscribe_token", lambda user_id, kind: f"t-{user_id}-{kind}")
    for name, language in NAMES:
        RegistrationFactory(
            meeting=due_meeting, user=UserFactory(full_name=name, preferred_language=language)
        )
    deliveries_create_due()
    rows = list(Delivery.objects.select_related("user").order_by("id"))
    sending._prepare(rows)
    return rows


def test_every_member_gets_the_bytes_of_the_message_built_in_full(rows, monkeypatch):
    in_full = []
    monkeypatch.setattr(wire, "_in_full", lambda *args, real=wire._in_full: in_full.append(1) or real(*args))
    cache: dict = {}
    for row in rows:
        kind = registry.kind(row.kind)
        fast = sending._wire(row, kind, cache=cache)
        message = sending._build(row, kind, connection=None, cache={})
        full = message.message().as_bytes(linesep="\r\n")
        assert _normalised(fast.data) == _normalised(full), row.user.full_name
        # The envelope Django's SMTP backend would give.
        assert fast.recipients == [row.user.email]
        assert fast.from_addr == sanitize_address(message.from_email, "utf-8")
        parsed = message_from_bytes(fast.data, policy=default)
        assert parsed["X-Cop-Delivery"] == str(row.pk)
        assert parsed.get_body(("plain",)).get_content().startswith(("Hello ", "Сайн байна уу, "))
    compiled = [v for k, v in cache.items() if k[0] == "wire"]
    # One compiled message per language and variant (ASCII name or not), and each usable.
    assert len(compiled) == 4 and all(isinstance(c, wire.Compiled) for c in compiled)
    assert in_full == []  # the first of each variant is built in full, the others filled in


def test_each_message_has_its_own_boundaries(rows):
    cache: dict = {}
    kind = registry.kind(rows[0].kind)
    mn_rows = [
        row for row in rows if row.user.preferred_language == "mn" and not row.user.full_name.isascii()
    ]
    seen = [
        set(re.findall(rb"=_cop_[0-9a-f]{32}", sending._wire(row, kind, cache=cache).data)) for row in mn_rows
    ]
    assert all(len(b) == 2 for b in seen)
    assert len(set().union(*seen)) == 2 * len(seen)


def test_a_name_with_a_line_break_or_a_line_too_long_is_built_in_full(rows, monkeypatch):
    cache: dict = {}
    kind = registry.kind(rows[0].kind)
    first, second, third = [row for row in rows if row.user.preferred_language == "mn"][:3]
    sending._wire(first, kind, cache=cache)  # compiles the group
    built = []
    monkeypatch.setattr(wire, "_in_full", lambda message, to: built.append(to) or wire.Wire("", [to], b""))
    second.user.full_name = "Bold\nBcc: x@example.mn"
    third.user.full_name = "Б" * 600  # 1,200 bytes on one line of the text part
    for row in (second, third):
        sending._wire(row, kind, cache=cache)
    assert built == [second.user.email, third.user.email]


def test_a_group_whose_template_reads_more_of_the_member_is_never_compiled(rows, monkeypatch):
    from notices import emails

    real = emails._render

    def reads_the_email(template, *, user, **kwargs):
        getattr(user, "email", None)  # the stand-in notes it: the group is rendered in full
        return real(template, user=user, **kwargs)

    monkeypatch.setattr(emails, "_render", reads_the_email)
    cache: dict = {}
    for row in rows:
        sending._wire(row, registry.kind(row.kind), cache=cache)
    assert [v for k, v in cache.items() if k[0] == "wire"] and not any(
        v for k, v in cache.items() if k[0] == "wire"
    )
