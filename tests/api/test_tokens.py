"""Personal tokens: a member creates one on the profile pages (shown once, stored hashed),
reads their own registrations and calendar with it, and revokes it."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from api import services
from api.models import ApiToken
from api.permissions import MAX_LIVE_TOKENS
from cop_portal.models import AuditEvent
from meetings.models import Registration
from tests.factories import ApplicantFactory, MeetingFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_the_profile_page_links_to_the_tokens():
    client = Client()
    client.force_login(UserFactory())
    assert b"/profile/api-tokens/" in client.get("/profile/").content


def test_a_member_creates_a_token_shown_once_and_stored_hashed():
    member = UserFactory()
    client = Client()
    client.force_login(member)
    response = client.post("/profile/api-tokens/", {"name": "Календарь"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    assert secret.startswith("cop_") and secret.encode() in response.content
    token = ApiToken.objects.get(user=member)
    assert token.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    assert secret.encode() not in client.get("/profile/api-tokens/").content
    assert AuditEvent.objects.filter(action="api_token.create", object_id=str(token.pk)).exists()


def test_the_token_reads_only_its_members_registrations_and_calendar():
    member, other = UserFactory(), UserFactory()
    mine = RegistrationFactory(user=member, meeting=MeetingFactory(title_mn="Миний хурал"))
    RegistrationFactory(user=other, meeting=MeetingFactory(title_mn="Бусдын хурал"))
    _token, secret = services.token_create(user=member, actor=member, name="app")
    registrations = Client().get("/api/v1/me/registrations/", **bearer(secret))
    assert registrations.status_code == 200
    assert [r["id"] for r in registrations.json()["results"]] == [mine.pk]
    assert registrations["Cache-Control"].startswith("private")
    calendar = Client().get("/api/v1/me/calendar/", **bearer(secret)).json()["results"]
    assert [m["title"] for m in calendar] == ["Миний хурал"]
    assert "Бусдын".encode() not in Client().get("/api/v1/me/calendar/", **bearer(secret)).content


def test_a_cancelled_registration_leaves_the_calendar():
    member = UserFactory()
    RegistrationFactory(user=member, status=Registration.Status.CANCELLED)
    _token, secret = services.token_create(user=member, actor=member, name="app")
    assert Client().get("/api/v1/me/calendar/", **bearer(secret)).json()["results"] == []


def test_a_revoked_token_is_refused_at_once():
    member = UserFactory()
    token, secret = services.token_create(user=member, actor=member, name="app")
    client = Client()
    client.force_login(member)
    assert client.post(f"/profile/api-tokens/{token.pk}/revoke/").status_code == 302
    assert Client().get("/api/v1/me/registrations/", **bearer(secret)).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1


def test_nobody_revokes_another_members_token():
    member, other = UserFactory(), UserFactory()
    token, secret = services.token_create(user=member, actor=member, name="app")
    client = Client()
    client.force_login(other)
    assert client.post(f"/profile/api-tokens/{token.pk}/revoke/").status_code == 403
    assert Client().get("/api/v1/me/registrations/", **bearer(secret)).status_code == 200


def test_a_token_stops_working_when_its_member_is_deactivated():
    member = UserFactory()
    _token, secret = services.token_create(user=member, actor=member, name="app")
    member.is_active = False
    member.save()
    assert Client().get("/api/v1/me/registrations/", **bearer(secret)).status_code == 401


def test_applicants_get_no_token():
    applicant = ApplicantFactory()
    with pytest.raises(PermissionDenied):
        services.token_create(user=applicant, actor=applicant, name="app")
    client = Client()
    client.force_login(applicant)
    assert client.post("/profile/api-tokens/", {"name": "app"}).status_code == 403


def test_nobody_creates_a_token_for_someone_else():
    member, other = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        services.token_create(user=member, actor=other, name="app")


def test_live_tokens_are_limited():
    member = UserFactory()
    for n in range(MAX_LIVE_TOKENS):
        services.token_create(user=member, actor=member, name=f"app {n}")
    with pytest.raises(ValidationError) as refused:
        services.token_create(user=member, actor=member, name="one more")
    assert services.TOO_MANY_TOKENS in refused.value.messages
    client = Client()
    client.force_login(member)
    page = client.post("/profile/api-tokens/", {"name": "one more"})
    assert page.status_code == 400
    assert ApiToken.objects.filter(user=member).count() == MAX_LIVE_TOKENS
