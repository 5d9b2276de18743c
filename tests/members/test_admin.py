"""The coordinators' back office: filters, approval actions with a reason, CSV import, scoping."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import Community, User
from tests.factories import ApplicantFactory, ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST_USERS = "/admin/members/user/"
CHANGELIST_COMMUNITIES = "/admin/members/community/"


def test_coordinator_filters_people_by_level_and_status(client, coordinator):
    local = UserFactory(organisation__level="local")
    UserFactory(organisation__level="central")
    client.force_login(coordinator)
    response = client.get(CHANGELIST_USERS, {"level": "local", "status__exact": "approved"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [local]


def test_coordinator_searches_people_by_organisation(client, coordinator):
    person = UserFactory(organisation__short_name="ЗОРИЛТОТ")
    client.force_login(coordinator)
    response = client.get(CHANGELIST_USERS, {"q": "ЗОРИЛТОТ"})
    assert list(response.context["cl"].result_list) == [person]


def test_approve_action_calls_the_service(client, coordinator, applicant):
    client.force_login(coordinator)
    client.post(CHANGELIST_USERS, {"action": "approve", ACTION_CHECKBOX_NAME: [applicant.pk]})
    applicant.refresh_from_db()
    assert applicant.status == User.Status.APPROVED and applicant.decided_by == coordinator


def test_decline_action_asks_for_a_reason_first(client, coordinator, applicant):
    client.force_login(coordinator)
    response = client.post(CHANGELIST_USERS, {"action": "decline", ACTION_CHECKBOX_NAME: [applicant.pk]})
    assert response.status_code == 200 and "reason" in response.context["form"].fields
    applicant.refresh_from_db()
    assert applicant.status == User.Status.APPLIED


def test_decline_action_with_reason_declines(client, coordinator, applicant):
    client.force_login(coordinator)
    client.post(
        CHANGELIST_USERS,
        {"action": "decline", ACTION_CHECKBOX_NAME: [applicant.pk], "apply": "1", "reason": "Ажилтан биш"},
    )
    applicant.refresh_from_db()
    assert (applicant.status, applicant.decision_reason) == (User.Status.DECLINED, "Ажилтан биш")


def test_coordinator_cannot_grant_groups_or_staff_by_hand(client, coordinator, member):
    client.force_login(coordinator)
    response = client.get(f"{CHANGELIST_USERS}{member.pk}/change/")
    assert response.status_code == 200
    form_fields = response.context["adminform"].form.fields
    assert "groups" not in form_fields and "is_staff" not in form_fields and "is_superuser" not in form_fields


def test_make_contact_action(client, coordinator, member):
    client.force_login(coordinator)
    client.post(CHANGELIST_USERS, {"action": "make_contact", ACTION_CHECKBOX_NAME: [member.pk]})
    member.refresh_from_db()
    assert member.is_organisation_contact


def test_approve_branch_action(client, coordinator, pending_branch):
    client.force_login(coordinator)
    client.post(CHANGELIST_COMMUNITIES, {"action": "approve", ACTION_CHECKBOX_NAME: [pending_branch.pk]})
    pending_branch.refresh_from_db()
    assert pending_branch.status == Community.Status.APPROVED


def test_decline_branch_action_needs_a_reason(client, coordinator, pending_branch):
    client.force_login(coordinator)
    data = {"action": "decline", ACTION_CHECKBOX_NAME: [pending_branch.pk], "apply": "1", "reason": ""}
    response = client.post(CHANGELIST_COMMUNITIES, data)
    assert response.status_code == 200 and response.context["form"].errors
    data["reason"] = "Нэр тодорхойгүй"
    client.post(CHANGELIST_COMMUNITIES, data)
    pending_branch.refresh_from_db()
    assert pending_branch.status == Community.Status.DECLINED


def test_member_without_staff_status_cannot_reach_the_admin(client, member):
    client.force_login(member)
    assert client.get(CHANGELIST_USERS).status_code == 302


def test_staff_contact_without_coordinator_group_sees_only_their_organisation(client):
    from django.contrib.auth.models import Permission

    contact = ContactFactory(is_staff=True)
    contact.user_permissions.add(Permission.objects.get(codename="view_user"))
    own = ApplicantFactory(organisation=contact.organisation)
    ApplicantFactory()
    client.force_login(contact)
    response = client.get(CHANGELIST_USERS)
    assert set(response.context["cl"].result_list) == {contact, own}


def test_admin_csv_import_creates_members(client, coordinator, organisation):
    client.force_login(coordinator)
    data = f"email,full_name,organisation\nnew@example.mn,Шинэ Хүн,{organisation.slug}\n".encode()
    response = client.post(
        f"{CHANGELIST_USERS}import/", {"file": SimpleUploadedFile("m.csv", data, "text/csv")}
    )
    assert response.status_code == 302 and response["Location"] == f"{CHANGELIST_USERS}import/"
    assert User.objects.get(email="new@example.mn").status == User.Status.APPROVED
    # The import page then says what was done, once.
    summary = client.get(response["Location"])
    assert summary.context["result"] == {"count": 1}
    assert 'data-testid="import-result"' in summary.content.decode()
    assert client.get(response["Location"]).context["result"] is None


def test_admin_csv_import_lists_bad_rows_and_imports_nothing(client, coordinator, organisation):
    client.force_login(coordinator)
    data = f"email,full_name,organisation\nok@example.mn,Зөв,{organisation.slug}\nbad,Буруу,{organisation.slug}\n"
    response = client.post(
        f"{CHANGELIST_USERS}import/", {"file": SimpleUploadedFile("m.csv", data.encode(), "text/csv")}
    )
    assert response.status_code == 400
    assert [e.line for e in response.context["errors"]] == [3]
    assert not User.objects.filter(email="ok@example.mn").exists()


def test_admin_csv_import_refused_without_add_permission(client):
    from django.contrib.auth.models import Permission

    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(staff)
    assert client.get(f"{CHANGELIST_USERS}import/").status_code == 403


def test_new_organisation_takes_its_level_from_the_kind_when_left_blank(client, coordinator):
    from members.models import Organisation

    client.force_login(coordinator)
    response = client.post(
        "/admin/members/organisation/add/",
        {
            "name_mn": "Сүхбаатар аймаг",
            "name_en": "Sükhbaatar Province",
            "slug": "sukhbaatar",
            "kind": "provincial",
            "level": "",
            "province": "sukhbaatar",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get(slug="sukhbaatar").level == "local"


def test_close_branch_action(client, coordinator, branch):
    client.force_login(coordinator)
    client.post(CHANGELIST_COMMUNITIES, {"action": "close", ACTION_CHECKBOX_NAME: [branch.pk]})
    branch.refresh_from_db()
    assert branch.status == Community.Status.CLOSED
