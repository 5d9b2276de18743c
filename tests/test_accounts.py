"""Sign-up with mandatory e-mail verification, e-mail login, rate limits, admin login via allauth."""

import re
import uuid

import pytest
from allauth.account.models import EmailAddress
from django.db import IntegrityError

from members.models import User

pytestmark = pytest.mark.django_db


def test_signup_sends_verification_and_blocks_login_until_verified(client, mailoutbox):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "New.Person@Example.MN",
            "full_name": "Сараа Бат",
            "password1": "Long-enough-pass-77",
            "password2": "Long-enough-pass-77",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.mn")
    assert user.full_name == "Сараа Бат"
    assert user.status == User.Status.NEW
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["new.person@example.mn"]
    client.logout()
    login = client.post(
        "/accounts/login/", {"login": "new.person@example.mn", "password": "Long-enough-pass-77"}
    )
    assert login.status_code == 302 and "confirm-email" in login["Location"]
    assert not EmailAddress.objects.get(user=user).verified


def test_demo_style_verified_user_logs_in_with_email(client, member):
    response = client.post("/accounts/login/", {"login": member.email.upper(), "password": "test-pass-2026"})
    assert response.status_code == 302
    assert client.get("/").context["user"] == member


def test_email_is_unique_case_insensitively(member):
    with pytest.raises(IntegrityError):
        User.objects.create(email=member.email.upper())


def test_failed_logins_are_rate_limited_per_account(client):
    email = f"nobody-{uuid.uuid4().hex[:8]}@example.mn"
    codes = []
    for _ in range(6):
        form = client.post("/accounts/login/", {"login": email, "password": "wrong"}).context["form"]
        codes.append([e.code for e in form.non_field_errors().as_data()])
    assert all("too_many_login_attempts" not in c for c in codes[:5])
    assert "too_many_login_attempts" in codes[5]


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_admin_refuses_a_signed_in_non_staff_member(client, member):
    client.force_login(member)
    assert client.get("/admin/login/").status_code == 403
    assert client.get("/admin/").status_code == 302  # the admin index sends non-staff to its login


def test_admin_lets_a_coordinator_in(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/admin/").status_code == 200


def test_password_reset_sends_a_mail_to_a_known_address(client, member, mailoutbox):
    assert client.get("/accounts/password/reset/").status_code == 200
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [member.email]


def _without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def test_password_reset_does_not_reveal_unknown_addresses(client, member, mailoutbox):
    known = client.post("/accounts/password/reset/", {"email": member.email}, follow=True)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [member.email]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    unknown = client.post("/accounts/password/reset/", {"email": "stranger@example.mn"}, follow=True)
    # The same redirect to the same page: nothing tells the two addresses apart.
    assert unknown.redirect_chain == known.redirect_chain != []
    assert unknown.status_code == known.status_code == 200
    assert _without_csrf(unknown) == _without_csrf(known)
    # No reset link went to the stranger (a mail saying "no account here" may).
    to_stranger = [m for m in mailoutbox if m.to == ["stranger@example.mn"]]
    assert all("/accounts/password/reset/key/" not in m.body for m in to_stranger)
    assert [m.to for m in mailoutbox if m not in to_stranger] == [[member.email]]


def test_email_management_page_for_signed_in_people_only(client, member):
    assert client.get("/accounts/email/").status_code == 302
    client.force_login(member)
    assert client.get("/accounts/email/").status_code == 200


def test_logout_needs_a_post(client, member):
    client.force_login(member)
    client.get("/accounts/logout/")
    assert client.get("/").context["user"].is_authenticated
    client.post("/accounts/logout/")
    assert not client.get("/").context["user"].is_authenticated


def test_unknown_page_is_a_translated_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Хуудас олдсонгүй" in response.content.decode()


def test_confirming_the_email_signs_the_new_person_in(client, mailoutbox):
    client.post(
        "/accounts/signup/",
        {
            "email": "fresh@example.mn",
            "full_name": "Номин Дорж",
            "password1": "Long-enough-pass-77",
            "password2": "Long-enough-pass-77",
        },
    )
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s\"<]+)", mailoutbox[0].body).group(1)
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(email="fresh@example.mn").verified
    assert client.get("/").context["user"].email == "fresh@example.mn"
