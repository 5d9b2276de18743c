"""The audit trail: who did what to which object, append-only, read-only admin (issue 12)."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from cop_portal.audit import AuditEvent, audit_record
from members.models import User

pytestmark = pytest.mark.django_db

TRAIL = "/admin/cop_portal/auditevent/"


def test_a_coordinators_admin_action_is_recorded_once_by_its_service(client, coordinator, applicant):
    client.force_login(coordinator)
    client.post("/admin/members/user/", {"action": "approve", ACTION_CHECKBOX_NAME: [applicant.pk]})
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.object_id, event.content_type.model) == (
        coordinator,
        "membership.approve",
        str(applicant.pk),
        "user",
    )


def test_an_admin_action_no_service_records_is_recorded_by_its_name(admin_client, admin_user):
    from tests.factories import CoordinatorTermFactory

    term = CoordinatorTermFactory()
    data = {"action": "sync_access", ACTION_CHECKBOX_NAME: [term.pk]}
    assert admin_client.post("/admin/coordinators/coordinatorterm/", data).status_code == 302
    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.object_id) == (admin_user, "action:sync_access", str(term.pk))


def test_an_action_page_asking_for_a_reason_is_not_recorded_until_confirmed(client, coordinator, applicant):
    client.force_login(coordinator)
    data = {"action": "decline", ACTION_CHECKBOX_NAME: [applicant.pk]}
    client.post("/admin/members/user/", data)
    assert not AuditEvent.objects.exists()
    client.post("/admin/members/user/", {**data, "apply": "1", "reason": "Ажилтан биш"})
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.changes["reason"]) == (
        "membership.decline",
        coordinator,
        "Ажилтан биш",
    )


def test_an_admin_change_is_recorded_with_what_changed(client, coordinator, member):
    client.force_login(coordinator)
    data = {
        "full_name": "Шинэ Нэр",
        "organisation": member.organisation_id,
        "position": "",
        "phone": "",
        "gender": member.gender,
        "preferred_language": "mn",
    }
    assert client.post(f"/admin/members/user/{member.pk}/change/", data).status_code == 302
    event = AuditEvent.objects.get(action="admin:change")
    assert event.actor == coordinator and event.object_id == str(member.pk)
    assert list(event.changes["admin"][0]) == ["changed"] and event.changes["admin"][0]["changed"]["fields"]


def test_events_cannot_be_changed_or_deleted(coordinator, member):
    event = audit_record(actor=coordinator, action="test", obj=member, changes={"x": [1, 2]})
    event.action = "forged"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="forged")
    assert AuditEvent.objects.get().action == "test"


def test_nobody_holds_permissions_to_change_the_trail(coordinator):
    from django.contrib.auth.models import Permission

    codenames = set(
        Permission.objects.filter(content_type__model="auditevent").values_list("codename", flat=True)
    )
    assert codenames == {"view_auditevent"}
    assert not coordinator.has_perm("cop_portal.view_auditevent")


def test_the_admin_is_read_only_even_for_a_superuser(admin_client, member):
    event = audit_record(actor=None, action="test", obj=member)
    assert admin_client.get(TRAIL).status_code == 200
    assert admin_client.get(f"{TRAIL}add/").status_code == 403
    assert admin_client.post(f"{TRAIL}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    page = admin_client.get(f"{TRAIL}{event.pk}/change/").content.decode()
    assert 'name="action"' not in page or "readonly" in page


def test_the_trail_filters_by_actor_type_and_date_and_exports_csv(admin_client, coordinator, member):
    audit_record(
        actor=coordinator,
        action="membership_approve",
        obj=member,
        changes={"status": ["applied", "approved"]},
    )
    response = admin_client.get(
        TRAIL, {"actor__id__exact": coordinator.pk, "at__year": member.date_joined.year}
    )
    assert response.status_code == 200 and len(response.context["cl"].result_list) == 1
    ids = [e.pk for e in AuditEvent.objects.all()]
    csv = admin_client.post(TRAIL, {"action": "export_csv", ACTION_CHECKBOX_NAME: ids})
    assert csv["Content-Type"].startswith("text/csv")
    assert "membership_approve" in csv.content.decode("utf-8-sig")
    assert User.objects.filter(pk=coordinator.pk).exists()
