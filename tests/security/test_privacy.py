"""Privacy: who sees gender, "my data", deleting one's account (issue 12)."""

import csv
import io
import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.utils import translation
from django.utils.translation import gettext

from meetings import exports
from meetings.models import Attendance, Registration
from members.models import User
from members.privacy import ACCOUNT_DELETED, CONFIRM_WITH_EMAIL
from notices.models import Delivery
from tests.factories import AttendanceFactory, MeetingFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_privacy_page_says_who_sees_gender(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # Mongolian is the default whatever the browser asks
    page = client.get("/privacy/").content.decode()
    assert "technical administrator" in page


def test_privacy_page_is_linked_from_every_page(client):
    assert 'href="/privacy/"' in client.get("/").content.decode()


def test_coordinator_sees_no_individual_gender_in_the_people_admin(client, coordinator, member):
    client.force_login(coordinator)
    response = client.get("/admin/members/user/")
    assert "gender" not in response.context["cl"].list_display
    assert all(getattr(f, "field_path", "") != "gender" for f in response.context["cl"].filter_specs)
    fields = client.get(f"/admin/members/user/{member.pk}/change/").context["adminform"].form.fields
    assert "gender" not in fields


def test_superuser_still_sees_gender(admin_client):
    assert "gender" in admin_client.get("/admin/members/user/").context["cl"].list_display


def test_registrations_csv_has_no_gender(client, coordinator):
    meeting = MeetingFactory()
    RegistrationFactory(meeting=meeting)
    client.force_login(coordinator)
    response = client.post(
        "/admin/meetings/meeting/", {"action": "export_csv", ACTION_CHECKBOX_NAME: [meeting.pk]}
    )
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    with translation.override("mn"):  # the headings are in the reader's language
        assert str(exports.PERSON_COLUMNS[0]) in header
        assert not {gettext("Gender"), gettext("gender"), "gender"} & {h.strip() for h in header}


def test_my_data_downloads_as_json_with_related_rows(client, member):
    RegistrationFactory(user=member)
    client.force_login(member)
    response = client.get("/profile/data/")
    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["account"][0]["email"] == member.email and "password" not in data["account"][0]
    assert len(data["meetings.registration"]) == 1


def test_my_data_downloads_as_csv(client, member):
    client.force_login(member)
    text = client.get("/profile/data/", {"format": "csv"}).content.decode("utf-8-sig")
    assert member.email in text and "calendar_token" not in text


def test_my_data_needs_a_sign_in(client):
    assert client.get("/profile/data/").status_code == 302


def test_deleting_needs_the_typed_email(client, member):
    client.force_login(member)
    response = client.post("/profile/delete/", {"confirm_email": "wrong@example.mn"})
    assert response.status_code == 400 and str(CONFIRM_WITH_EMAIL) in response.content.decode()
    member.refresh_from_db()
    assert member.is_active


def test_deleting_erases_personal_fields_keeps_statistics_and_sends_an_email(
    client, member, mailoutbox, django_capture_on_commit_callbacks, eager_tasks
):
    meeting = MeetingFactory()
    RegistrationFactory(meeting=meeting, user=member)
    AttendanceFactory(meeting=meeting, user=member, gender=member.gender, organisation=member.organisation)
    old_email, old_name = member.email, member.full_name
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/profile/delete/", {"confirm_email": old_email.upper()})
    assert response.status_code == 302
    erased = User.objects.get(pk=member.pk)
    assert old_email not in erased.email and erased.full_name == "" and erased.phone == ""
    assert not erased.is_active and not erased.has_usable_password()
    assert not EmailAddress.objects.filter(email=old_email).exists()
    # Anonymous statistics stay: the registration and the attendance row, gender and organisation.
    assert Registration.objects.filter(user=erased).count() == 1
    attendance = Attendance.objects.get(meeting=meeting)
    assert (attendance.organisation, attendance.gender, attendance.full_name) == (
        member.organisation,
        "woman",
        "",
    )
    assert [m.to for m in mailoutbox] == [[old_email]]
    assert old_name in mailoutbox[0].body
    # The outbox row kept the address and name only until the e-mail went out.
    assert Delivery.objects.get(kind="account_deleted").context == {}
    assert client.get("/profile/").status_code == 302  # signed out
    assert str(ACCOUNT_DELETED) in [str(m) for m in response.wsgi_request._messages]
    assert old_name not in client.get("/members/").content.decode()


def _secrets_of(user) -> list[str]:
    from allauth.mfa.models import Authenticator

    found = [user.password, user.calendar_token]
    for authenticator in Authenticator.objects.filter(user=user):
        found += [str(v) for v in authenticator.data.values() if isinstance(v, str) and len(v) >= 8]
    return found


def test_my_data_carries_no_secret_of_any_kind(client, member):
    from allauth.account.models import EmailConfirmation
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(member, secret)
    codes = RecoveryCodes.activate(member)
    address = EmailAddress.objects.filter(user=member).first() or EmailAddress.objects.create(
        user=member, email=member.email, verified=False, primary=True
    )
    confirmation = EmailConfirmation.create(address)
    confirmation.save()
    client.force_login(member)
    member.refresh_from_db()
    secrets = [secret, confirmation.key, *codes.get_unused_codes(), *_secrets_of(member)]
    body = client.get("/profile/data/").content.decode()
    csv_body = client.get("/profile/data/?format=csv").content.decode("utf-8-sig")
    for text in (body, csv_body):
        assert [s for s in secrets if s and s in text] == []
    data = json.loads(body)
    assert sorted(row["type"] for row in data["mfa.authenticator"]) == ["recovery_codes", "totp"]
    assert all("data" not in row for row in data["mfa.authenticator"])


def test_privacy_page_lists_what_the_download_leaves_out_and_what_the_audit_trail_keeps(client, settings):
    from django.utils import translation
    from django.utils.html import escape

    from members.privacy import LEFT_OUT

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/privacy/").content.decode()
    with translation.override("en"):
        assert all(escape(str(what)) in page for what, _why in LEFT_OUT)
    assert 'data-testid="after-deletion"' in page and "audit trail" in page


def test_deleting_the_account_removes_its_authenticators(member):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from members.services.privacy import user_erase

    TOTP.activate(member, generate_totp_secret())
    user_erase(user=member, actor=member)
    assert not Authenticator.objects.filter(user=member).exists()
