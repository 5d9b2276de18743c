"""The one e-mail helper, through the outbox: language, triplet, one-click unsubscribe."""

import uuid

import pytest

from notices import emails
from notices.services import notices_send_due, notify

pytestmark = pytest.mark.django_db


def _send(member, kind: str = "test_message", **context) -> int:
    """Queue ``kind`` to ``member`` and run the sender; returns how many went out."""
    notify(kind, recipients=[member.pk], key=f"test-{uuid.uuid4()}", context=context)
    return notices_send_due()


def test_send_renders_triplet_in_the_recipient_language(member, mailoutbox):
    member.preferred_language = "en"
    member.save()
    assert _send(member, note="N-1") == 1
    message = mailoutbox[0]
    assert message.subject == "Test message from the Gender CoP portal"
    assert "N-1" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "N-1" in html
    assert "List-Unsubscribe" not in message.extra_headers  # no kind: an account-like e-mail


def test_send_in_mongolian_by_default(member, mailoutbox):
    _send(member)
    assert mailoutbox[0].subject == "Gender CoP порталын туршилтын захидал"


def test_kind_adds_one_click_unsubscribe_headers_and_link(member, mailoutbox):
    _send(member, "membership_approved")  # a kind of the "membership" preference
    message = mailoutbox[0]
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in message.body


def test_one_click_post_unsubscribes_and_stops_that_kind(client, member, mailoutbox):
    url = emails.unsubscribe_url(member.pk, "membership")
    path = url.split("127.0.0.1:8000", 1)[1]
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.muted_email_kinds == ["membership"]
    assert _send(member, "membership_approved") == 0
    assert _send(member, "voting_open") == 1
    assert len(mailoutbox) == 1


def test_unsubscribe_get_asks_before_changing_anything(client, member):
    path = emails.unsubscribe_url(member.pk, "membership").split("8000", 1)[1]
    response = client.get(path)
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.muted_email_kinds == []


def test_forged_unsubscribe_token_is_a_400(client):
    assert client.get("/unsubscribe/not-a-token/").status_code == 400
    assert client.post("/unsubscribe/not-a-token/").status_code == 400


# --- plain text is not HTML; the MIME structure --------------------------------------------


def test_plain_text_parts_are_not_html_escaped(member, mailoutbox):
    member.full_name = "Ганаа & <Болд>"
    member.preferred_language = "en"
    member.save()
    _send(member, note="Gender & Development")
    message = mailoutbox[0]
    assert "Hello Ганаа & <Болд>," in message.body and "Gender & Development" in message.body
    html, _ = message.alternatives[0]
    assert "Ганаа &amp; &lt;Болд&gt;" in html and "Gender &amp; Development" in html
    assert '<html lang="en">' in html


def test_multipart_boundaries_are_random_and_the_message_parses_back(member):
    from email import message_from_bytes

    first = emails.build(
        "cop_portal/emails/test_message",
        user=member,
        attachments=[
            emails.Attachment("meeting.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
        ],
    )
    raw = first.message().as_bytes(linesep="\r\n")
    parsed = message_from_bytes(raw)
    boundaries = {part.get_boundary() for part in parsed.walk() if part.is_multipart()}
    assert len(boundaries) == 2 and all(b.startswith("=_cop_") and len(b) == 38 for b in boundaries)
    types = [part.get_content_type() for part in parsed.walk()]
    assert types == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "text/calendar"]
    again = {
        p.get_boundary() for p in message_from_bytes(first.message().as_bytes()).walk() if p.is_multipart()
    }
    assert not boundaries & again


# --- mail merge: render once per group, fill in the recipient --------------------------------


@pytest.mark.parametrize("language", ["mn", "en"])
def test_merged_rendering_equals_rendering_each_message_in_full(language, monkeypatch):
    # Signed links carry the second they were made in: make them per member only.
    monkeypatch.setattr(emails, "unsubscribe_token", lambda user_id, kind: f"t-{user_id}-{kind}")
    from tests.factories import UserFactory

    users = [
        UserFactory(full_name=name, preferred_language=language)
        for name in ["Ганбаатар Болд", "O'Brien & <Co>", "", "Сараа  Дорж"]
    ]
    cache: dict = {}
    for user in users:
        args = {"user": user, "context": {"note": "N-7 & <b>"}, "kind": "membership"}
        merged = emails.render_merged("cop_portal/emails/test_message", group="g1", cache=cache, **args)
        assert merged == emails.render("cop_portal/emails/test_message", **args)
        assert emails.NAME_MARK not in merged.html + merged.text
        assert emails.LINK_MARK not in merged.html + merged.text + str(merged.headers)
    # One merged template per language and group, and it was usable for this template.
    assert cache[("cop_portal/emails/test_message", "membership", language, "g1")] is not None


def test_merge_falls_back_to_full_rendering_when_a_template_uses_more_of_the_recipient(tmp_path, settings):
    from tests.factories import UserFactory

    folder = tmp_path / "mails"
    folder.mkdir()
    (folder / "personal.subject.txt").write_text("For {{ user.email }}")
    (folder / "personal.txt").write_text("Hi {{ user.get_full_name }} at {{ user.email }}")
    (folder / "personal.html").write_text("<p>{{ user.email }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    cache: dict = {}
    one, two = UserFactory(), UserFactory()
    for user in (one, two):
        merged = emails.render_merged(
            "mails/personal", user=user, context={}, kind=None, group=1, cache=cache
        )
        assert merged.subject == f"For {user.email}" and user.email in merged.html
    assert cache[("mails/personal", None, "mn", 1)] is None


@pytest.mark.parametrize("language", ["mn", "en"])
def test_header_short_cut_writes_the_same_bytes_as_pythons_compat32(member, language):
    from email.policy import compat32

    member.preferred_language = language
    member.full_name = "Ганбаатар  Болд"
    member.save()
    message = emails.build(
        "cop_portal/emails/test_message",
        user=member,
        kind="membership",
        headers={"X-Cop-Delivery": "12345", "X-Spaces": "  a  b  ", "X-Long": "word " * 30},
        attachments=[
            emails.Attachment("meeting.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
        ],
    )
    mime = message.message()
    assert mime.policy is emails.POLICY
    ours = mime.as_bytes(linesep="\r\n")
    mime.policy = compat32
    assert ours == mime.as_bytes(linesep="\r\n")


@pytest.mark.parametrize("language,sender", [("mn", "Жендэрийн CoP"), ("en", "Gender CoP")])
def test_the_sender_name_is_in_the_recipients_language(member, mailoutbox, language, sender):
    member.preferred_language = language
    member.save()
    assert _send(member, "membership_approved") == 1
    assert mailoutbox[0].from_email == f"{sender} <noreply@example.mn>"
