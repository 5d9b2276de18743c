"""Two-factor login: staff enrol before entering the admin; members may (issue 12)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cop_portal.two_factor import ENROL_FIRST
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ENROL = "/accounts/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.COP_STAFF_REQUIRE_2FA = True


def test_staff_without_a_second_factor_is_sent_to_enrolment(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/admin/members/user/")
    assert response.status_code == 302
    assert (
        response["Location"].startswith(ENROL) and "next=%2Fadmin%2Fmembers%2Fuser%2F" in response["Location"]
    )
    assert str(ENROL_FIRST) in [str(m) for m in response.wsgi_request._messages]


def test_superuser_without_a_second_factor_is_sent_to_enrolment_too(admin_client):
    assert admin_client.get("/admin/").headers["Location"].startswith(ENROL)


def test_staff_with_an_authenticator_enters_the_admin(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)
    assert client.get("/admin/").status_code == 200


def test_enrolment_page_opens_for_staff(client, coordinator):
    client.force_login(coordinator)
    response = client.get(ENROL, follow=True)
    assert response.status_code == 200


def test_members_are_not_required_to_enrol(client, member):
    client.force_login(member)
    assert client.get("/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200


def test_login_with_a_second_factor_asks_for_the_code(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())
    response = client.post("/accounts/login/", {"login": coordinator.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not signed in until the code is given
