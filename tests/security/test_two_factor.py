"""Two-factor login: staff enrol before entering the admin; members may (issue 12)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from cop_portal.two_factor import ENROL_FIRST
from tests.factories import PASSWORD, election_with_seats
from tests.security.second_factor import login_with_second_factor

pytestmark = pytest.mark.django_db

ENROL = "/accounts/2fa/totp/activate/"
REAUTHENTICATE = "/accounts/2fa/reauthenticate/"


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


def test_staff_with_an_authenticator_enters_the_admin_once_the_session_used_it(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)
    assert client.get("/admin/")["Location"].startswith(REAUTHENTICATE)  # a password alone
    login_with_second_factor(client, coordinator)
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


# --- every power, not only the admin (a coordinator signed in with a password alone) ---------


def _powers_pages(year, branch_slug, meeting_pk):
    return [
        "/insights/",
        "/insights/export/attendance-by-month.csv",
        "/insights/report/",
        "/insights/network/",
        "/members/applications/",
        f"/elections/{year}/advance/",
        f"/branches/{branch_slug}/manage/meetings/{meeting_pk}/registrations.csv",
    ]


@pytest.fixture
def branch_meeting(db):
    from tests.factories import CommunityFactory, MeetingFactory, RootCommunityFactory

    branch = CommunityFactory(parent=RootCommunityFactory())
    return MeetingFactory(community=branch)


def test_a_coordinator_without_a_second_factor_is_sent_to_enrolment_from_every_power(
    client, coordinator, branch_meeting
):
    election = election_with_seats()[0]
    client.force_login(coordinator)
    for url in _powers_pages(election.year, branch_meeting.community.slug, branch_meeting.pk):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(ENROL), url
        assert b"," not in response.content  # no CSV, no figures


def test_a_coordinator_with_an_authenticator_is_asked_for_its_code(client, coordinator):
    TOTP.activate(coordinator, generate_totp_secret())
    client.force_login(coordinator)
    response = client.get("/insights/")
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTHENTICATE}?next=%2Finsights%2F"


def test_a_coordinator_with_the_second_factor_in_the_session_uses_every_power(
    client, coordinator, branch_meeting
):
    election = election_with_seats()[0]
    login_with_second_factor(client, coordinator)
    for url in _powers_pages(election.year, branch_meeting.community.slug, branch_meeting.pk):
        assert client.get(url).status_code == 200, url


def test_advancing_an_election_is_refused_without_the_second_factor(client, coordinator):
    election = election_with_seats()[0]
    client.force_login(coordinator)
    phase = election.phase
    response = client.post(f"/elections/{election.year}/advance/")
    assert response.status_code == 302 and response["Location"].startswith(ENROL)
    election.refresh_from_db()
    assert election.phase == phase


@pytest.mark.django_db(transaction=True)  # allauth announces the new authenticator on commit
def test_enrolling_in_this_session_unlocks_the_powers(client, coordinator):
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value

    client.post("/accounts/login/", {"login": coordinator.email, "password": PASSWORD})
    assert client.get("/insights/")["Location"].startswith(ENROL)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})  # allauth asks before enrolment
    assert client.get(ENROL).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    import time

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(ENROL, {"code": code})
    assert response.status_code == 302
    assert client.get("/insights/").status_code == 200


def test_organisers_need_the_second_factor_behind_its_setting(client, settings, branch_meeting):
    from tests.factories import UserFactory

    focal = UserFactory()
    branch = branch_meeting.community
    branch.focal_person = focal
    branch.save()
    url = f"/branches/{branch.slug}/manage/"
    client.force_login(focal)
    settings.COP_ORGANISERS_REQUIRE_2FA = False
    assert client.get(url).status_code == 200
    settings.COP_ORGANISERS_REQUIRE_2FA = True
    assert client.get(url)["Location"].startswith(ENROL)
    login_with_second_factor(client, focal)
    assert client.get(url).status_code == 200


def test_an_organisation_contact_needs_the_second_factor_for_applications(client, settings):
    from tests.factories import ContactFactory

    settings.COP_ORGANISERS_REQUIRE_2FA = True
    contact = ContactFactory()
    client.force_login(contact)
    assert client.get("/members/applications/")["Location"].startswith(ENROL)
    login_with_second_factor(client, contact)
    assert client.get("/members/applications/").status_code == 200


def test_a_member_without_powers_is_not_asked(client, member):
    client.force_login(member)
    assert client.get("/insights/").status_code == 403  # refused as before, no detour


def test_the_account_menu_links_to_two_factor_settings_and_recovery_codes(client, member):
    client.force_login(member)
    page = client.get("/").content.decode()
    assert 'href="/accounts/2fa/"' in page and 'href="/accounts/2fa/recovery-codes/"' in page
    assert client.get("/accounts/2fa/").status_code == 200
