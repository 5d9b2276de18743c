"""The one e-mail helper: language, triplet, one-click unsubscribe."""

import pytest

from cop_portal import emails

pytestmark = pytest.mark.django_db


def test_send_renders_triplet_in_the_recipient_language(member, mailoutbox):
    member.preferred_language = "en"
    member.save()
    assert emails.send("cop_portal/emails/test_message", user=member, context={"note": "N-1"})
    message = mailoutbox[0]
    assert message.subject == "Test message from the Gender CoP portal"
    assert "N-1" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "N-1" in html
    assert "List-Unsubscribe" not in message.extra_headers  # no kind: an account-like e-mail


def test_send_in_mongolian_by_default(member, mailoutbox):
    emails.send("cop_portal/emails/test_message", user=member)
    assert mailoutbox[0].subject == "Gender CoP порталын туршилтын захидал"


def test_kind_adds_one_click_unsubscribe_headers_and_link(member, mailoutbox):
    emails.send("cop_portal/emails/test_message", user=member, kind="membership")
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
    assert not emails.send("cop_portal/emails/test_message", user=member, kind="membership")
    assert emails.send("cop_portal/emails/test_message", user=member, kind="election")
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
