"""No coordinator can take over an account or crown a coordinator (issue 12, finding 1)."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from coordinators.admin import TERM_CORRECTION_REASON_REQUIRED
from coordinators.models import CoordinatorTerm
from members.models import User
from tests.factories import CoordinatorTermFactory, SeatFactory, UserFactory

pytestmark = pytest.mark.django_db

USERS = "/admin/members/user/"
TERMS = "/admin/coordinators/coordinatorterm/"


def _change_form_data(person: User, **overrides) -> dict:
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "organisation": person.organisation_id,
        "position": person.position,
        "phone": person.phone,
        "gender": person.gender,
        "preferred_language": person.preferred_language,
        "contact_visible": "on",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def test_coordinator_cannot_change_a_members_login_email(client, coordinator, member):
    client.force_login(coordinator)
    response = client.post(
        f"{USERS}{member.pk}/change/",
        _change_form_data(member, email="attacker@example.mn", full_name="Шинэ"),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email != "attacker@example.mn" and member.full_name == "Шинэ"


def test_coordinator_cannot_deactivate_an_account(client, coordinator, member):
    client.force_login(coordinator)
    data = _change_form_data(member)
    del data["is_active"]
    client.post(f"{USERS}{member.pk}/change/", data)
    member.refresh_from_db()
    assert member.is_active


def test_coordinator_change_form_has_no_account_fields(client, coordinator, member):
    client.force_login(coordinator)
    fields = client.get(f"{USERS}{member.pk}/change/").context["adminform"].form.fields
    assert not {"email", "is_active", "is_staff", "is_superuser", "groups", "password"} & set(fields)


def test_coordinator_cannot_change_a_superusers_account(client, coordinator):
    root = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(coordinator)
    response = client.post(f"{USERS}{root.pk}/change/", _change_form_data(root, email="attacker@example.mn"))
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.email != "attacker@example.mn"


def test_coordinator_adding_a_person_sets_no_access(client, coordinator):
    client.force_login(coordinator)
    fields = client.get(f"{USERS}add/").context["adminform"].form.fields
    assert "email" in fields
    assert not {"is_active", "is_staff", "is_superuser", "groups", "password"} & set(fields)


def test_superuser_still_changes_login_email(admin_client, member):
    fields = admin_client.get(f"{USERS}{member.pk}/change/").context["adminform"].form.fields
    assert {"email", "is_active", "is_staff", "groups"} <= set(fields)


@pytest.mark.parametrize(
    "path",
    ["/admin/account/emailaddress/", "/admin/auth/group/", "/admin/account/emailaddress/add/"],
)
def test_coordinator_cannot_reach_login_addresses_or_groups(client, coordinator, path):
    client.force_login(coordinator)
    assert client.get(path).status_code == 403


def test_coordinator_has_no_term_permissions(coordinator):
    for verb in ("add", "change", "delete"):
        assert not coordinator.has_perm(f"coordinators.{verb}_coordinatorterm")
    assert coordinator.has_perm("coordinators.view_coordinatorterm")


def test_coordinator_cannot_add_a_term(client, coordinator, member):
    seat = SeatFactory()
    client.force_login(coordinator)
    assert client.get(f"{TERMS}add/").status_code == 403
    data = {"seat": seat.pk, "member": member.pk, "starts_on": "2026-01-01", "ends_on": "2026-12-31"}
    assert client.post(f"{TERMS}add/", data).status_code == 403
    assert not CoordinatorTerm.objects.exists()


def test_coordinator_cannot_change_or_delete_a_term(client, coordinator, member):
    term = CoordinatorTermFactory()
    client.force_login(coordinator)
    data = {"seat": term.seat_id, "member": member.pk, "starts_on": "2026-01-01", "ends_on": "2026-12-31"}
    assert client.post(f"{TERMS}{term.pk}/change/", data).status_code == 403
    assert client.post(f"{TERMS}{term.pk}/delete/", {"post": "yes"}).status_code == 403
    term.refresh_from_db()
    assert term.member_id != member.pk


def test_coordinator_cannot_run_sync_access(client, coordinator):
    term = CoordinatorTermFactory()
    client.force_login(coordinator)
    assert b"sync_access" not in client.get(TERMS).content
    client.post(TERMS, {"action": "sync_access", ACTION_CHECKBOX_NAME: [term.pk]})
    term.member.refresh_from_db()
    assert not term.member.is_staff


def test_superuser_corrects_a_term_only_with_a_reason(admin_client):
    term = CoordinatorTermFactory()
    data = {
        "seat": term.seat_id,
        "member": term.member_id,
        "starts_on": term.starts_on.isoformat(),
        "ends_on": term.starts_on.replace(day=28).isoformat(),
        "correction_reason": "",
    }
    response = admin_client.post(f"{TERMS}{term.pk}/change/", data)
    assert response.status_code == 200
    assert str(TERM_CORRECTION_REASON_REQUIRED) in response.content.decode()
    data["correction_reason"] = "Шүүхийн шийдвэрээр"
    assert admin_client.post(f"{TERMS}{term.pk}/change/", data).status_code == 302
    term.refresh_from_db()
    assert (term.ends_on.day, term.correction_reason) == (28, "Шүүхийн шийдвэрээр")
