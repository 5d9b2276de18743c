"""Mail that bounces, with the real SMTP sink: a permanent refusal (550) stops the member's
e-mail but account e-mail and tells them on their next page; a temporary one (451) retries
with backoff; held e-mails go out again once the address is fixed or released."""

from __future__ import annotations

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from allauth.account.signals import email_changed, email_confirmed
from django.utils import timezone

from notices import services as outbox
from notices.figures import delivery_figures
from notices.models import BouncingAddress, Delivery
from notices.services.bounces import PARKED_NOTE, permanent_refusal
from tests.factories import MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

NO_SUCH_MAILBOX = "550 5.1.1 No such mailbox"
MAILBOX_BUSY = "451 4.2.1 Mailbox busy, try again later"


@pytest.fixture
def smtp(settings, smtp_sink):
    """The site sends through the sink over real SMTP."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    return smtp_sink


def _send():
    outbox.notices_scan()
    return outbox.notices_send_due()


def _received(sink) -> list[str]:
    with sink.handler.lock:
        raw = list(sink.handler.messages)
    return [
        line.split(b":", 1)[1].strip().decode()
        for m in raw
        for line in m.splitlines()
        if line.startswith(b"To:")
    ]


def _another_reminder(user):
    """A second meeting of the member's, its reminder due now (a kind with a category)."""
    registration = RegistrationFactory(
        meeting=MeetingFactory(starts_at=timezone.now() + timedelta(hours=20)), user=user
    )
    outbox.deliveries_create_due()
    return Delivery.objects.get(user=user, meeting=registration.meeting)


@pytest.mark.parametrize("where", ["refuse_rcpt", "refuse_data"])
def test_a_permanent_refusal_marks_the_address_bouncing_and_fails_that_email_at_once(
    smtp, registrations, where
):
    dead = registrations[0].user
    getattr(smtp.handler, where)[dead.email] = NO_SUCH_MAILBOX

    assert _send() == 2

    row = Delivery.objects.get(user=dead)
    assert row.status == Delivery.Status.FAILED and row.attempts == 1 and "550" in row.last_error
    bounce = BouncingAddress.objects.get()
    assert (bounce.email, bounce.user_id, bounce.code) == (dead.email, dead.pk, 550)
    dead.refresh_from_db()
    assert dead.email_bounced_at is not None
    assert sorted(_received(smtp)) == sorted(r.user.email for r in registrations[1:])


def test_after_a_bounce_only_account_email_reaches_the_address(smtp, registrations):
    dead = registrations[0].user
    smtp.handler.refuse_rcpt[dead.email] = NO_SUCH_MAILBOX
    _send()
    smtp.handler.refuse_rcpt.clear()  # even were the server to accept again, nothing is tried
    held = _another_reminder(dead)
    outbox.notify("test_message", recipients=[dead.pk], key="check", context={"note": "account"})

    _send()

    held.refresh_from_db()
    assert held.status == Delivery.Status.PARKED and held.last_error == PARKED_NOTE
    assert Delivery.objects.get(kind="test_message").status == Delivery.Status.SENT
    assert _received(smtp).count(dead.email) == 1  # the account e-mail only


def test_a_temporary_refusal_is_retried_with_backoff_and_never_marks_a_bounce(smtp, registrations):
    busy = registrations[0].user
    smtp.handler.refuse_data[busy.email] = MAILBOX_BUSY

    assert _send() == 2

    row = Delivery.objects.get(user=busy)
    assert row.status == Delivery.Status.PENDING and row.attempts == 1 and "451" in row.last_error
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=30)
    assert not BouncingAddress.objects.exists()
    busy.refresh_from_db()
    assert busy.email_bounced_at is None

    smtp.handler.refuse_data.clear()
    Delivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())  # the backoff has passed
    assert _send() == 1
    assert sorted(_received(smtp)) == sorted(r.user.email for r in registrations)  # each exactly once


def test_the_member_sees_the_notice_on_their_next_page_and_others_do_not(smtp, registrations, client):
    dead, fine = registrations[0].user, registrations[1].user
    smtp.handler.refuse_rcpt[dead.email] = NO_SUCH_MAILBOX
    _send()

    client.force_login(dead)
    page = client.get("/").content.decode()
    client.force_login(fine)
    other = client.get("/").content.decode()

    assert 'id="email-bouncing"' in page and dead.email in page and "/accounts/email/" in page
    assert 'id="email-bouncing"' not in other


def test_confirming_the_address_again_clears_it_and_sends_the_held_email(smtp, registrations, client):
    dead = registrations[0].user
    smtp.handler.refuse_rcpt[dead.email] = NO_SUCH_MAILBOX
    _send()
    held = _another_reminder(dead)
    _send()
    smtp.handler.refuse_rcpt.clear()

    address = EmailAddress.objects.filter(user=dead).first() or EmailAddress(user=dead, email=dead.email)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    assert _send() == 1

    dead.refresh_from_db()
    held.refresh_from_db()
    assert dead.email_bounced_at is None and not BouncingAddress.objects.exists()
    assert held.status == Delivery.Status.SENT
    client.force_login(dead)
    assert 'id="email-bouncing"' not in client.get("/").content.decode()


def test_changing_the_address_clears_the_notice(smtp, registrations):
    dead = registrations[0].user
    smtp.handler.refuse_rcpt[dead.email] = NO_SUCH_MAILBOX
    _send()
    old = EmailAddress(user=dead, email=dead.email)

    email_changed.send(
        sender=EmailAddress, request=None, user=dead, from_email_address=old, to_email_address=None
    )

    dead.refresh_from_db()
    assert dead.email_bounced_at is None


def test_coordinators_list_bouncing_addresses_and_release_their_held_email(
    smtp, registrations, coordinator, client
):
    dead = registrations[0].user
    smtp.handler.refuse_rcpt[dead.email] = NO_SUCH_MAILBOX
    _send()
    held = _another_reminder(dead)
    _send()
    client.force_login(coordinator)

    listing = client.get("/admin/notices/bouncingaddress/")
    response = client.post(
        "/admin/notices/bouncingaddress/",
        {"action": "clear", "_selected_action": [BouncingAddress.objects.get().pk]},
    )

    assert listing.status_code == 200 and dead.email in listing.content.decode()
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == Delivery.Status.PENDING and not BouncingAddress.objects.exists()


def test_a_parked_email_can_be_released_from_the_delivery_admin(smtp, registrations, coordinator, client):
    dead = registrations[0].user
    smtp.handler.refuse_rcpt[dead.email] = NO_SUCH_MAILBOX
    _send()
    held = _another_reminder(dead)
    _send()
    client.force_login(coordinator)

    client.post("/admin/notices/delivery/", {"action": "resend_failed", "_selected_action": [held.pk]})

    held.refresh_from_db()
    assert held.status == Delivery.Status.PENDING and held.attempts == 0


def test_parked_emails_count_in_the_outbox_figures(smtp, registrations):
    dead = registrations[0].user
    smtp.handler.refuse_rcpt[dead.email] = NO_SUCH_MAILBOX
    _send()
    _another_reminder(dead)
    _send()

    figures = delivery_figures()

    assert figures["parked"] == 1 and figures["failed"] == 1


def test_only_a_5xx_refusal_of_the_recipient_or_its_message_is_a_bounce():
    import smtplib

    assert permanent_refusal(smtplib.SMTPRecipientsRefused({"a@b.mn": (550, b"no")})) == 550
    assert permanent_refusal(smtplib.SMTPRecipientsRefused({"a@b.mn": (450, b"later")})) is None
    assert permanent_refusal(smtplib.SMTPDataError(554, b"rejected")) == 554
    assert permanent_refusal(smtplib.SMTPDataError(451, b"later")) is None
    assert permanent_refusal(smtplib.SMTPSenderRefused(550, b"not our sender", "noreply@example.mn")) is None
    assert permanent_refusal(smtplib.SMTPServerDisconnected("gone")) is None


def test_erasing_the_account_forgets_its_refused_address(smtp, registrations):
    from members.services.privacy import user_erase

    dead = registrations[0].user
    smtp.handler.refuse_rcpt[dead.email] = NO_SUCH_MAILBOX
    _send()

    user_erase(user=dead, actor=dead)
    _send()  # the goodbye e-mail to the old address is refused again

    assert not BouncingAddress.objects.exists()
    assert Delivery.objects.get(kind="account_deleted").status == Delivery.Status.FAILED
