"""Account e-mails (allauth): the portal's name and domain, HTML + text, the recipient's language."""

import pytest
from django.contrib.sites.models import Site
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://cop.example.mn"


def _texts(message) -> str:
    html = "".join(content for content, _type in getattr(message, "alternatives", []))
    return "\n".join([message.subject, message.from_email, message.body, html])


def _signup(client, email, language="mn"):
    client.cookies["django_language"] = language
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "full_name": "Сараа Бат",
            "password1": "Long-enough-pass-77",
            "password2": "Long-enough-pass-77",
        },
    )


def test_verification_e_mail_is_mongolian_with_the_portal_name_and_layout(client, mailoutbox):
    _signup(client, "saraa@example.mn")
    (message,) = mailoutbox
    assert message.subject == "[Жендэрийн CoP] Имэйл хаягаа баталгаажуулна уу"
    assert message.from_email == "Жендэрийн CoP <noreply@example.mn>"
    assert "Энэ захидлыг Жендэрийн CoP илгээв." in message.body
    # The sign-off and the domain are on separate lines, the domain is SITE_URL's.
    assert "баярлалаа!\nЖендэрийн CoP · cop.example.mn" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and '<html lang="mn">' in html and "#6b2c91" in html
    assert "/accounts/confirm-email/" in html and "<a href=" in html


def test_password_reset_follows_the_recipients_language(client, mailoutbox):
    person = UserFactory(preferred_language="en")
    client.cookies["django_language"] = "mn"  # the page's language does not matter: the account's does
    client.post("/accounts/password/reset/", {"email": person.email})
    (message,) = mailoutbox
    assert message.subject == "[Gender CoP] Password Reset Email"
    assert message.from_email == "Gender CoP <noreply@example.mn>"
    assert "Hello from Gender CoP!" in message.body
    assert "Thank you for using Gender CoP!\ncop.example.mn" in message.body


def test_an_operators_sender_name_is_kept(client, mailoutbox, settings):
    settings.DEFAULT_FROM_EMAIL = "Жендэрийн сүлжээ <cop@gov.mn>"
    _signup(client, "bold@example.mn")
    assert mailoutbox[0].from_email == "Жендэрийн сүлжээ <cop@gov.mn>"


def test_no_account_e_mail_mentions_example_com(client, mailoutbox, member):
    """Sign-up, an address that already has an account, password reset, unknown address, in both languages."""
    for language in ("mn", "en"):
        _signup(client, f"new-{language}@example.mn", language)
        client.logout()
        _signup(client, member.email, language)
        client.post("/accounts/password/reset/", {"email": member.email})
        client.post("/accounts/password/reset/", {"email": f"nobody-{language}@example.mn"})
        client.logout()
    assert len(mailoutbox) >= 6  # password resets to one address are rate-limited
    leaks = [m.subject for m in mail.outbox if "example.com" in _texts(m)]
    assert leaks == []
    assert all(m.alternatives for m in mail.outbox)


def test_the_site_row_follows_site_url(settings):
    from cop_portal.apps import site_sync_on_migrate

    site_sync_on_migrate()
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("cop.example.mn", "Gender CoP")
