"""The rules of members.permissions, and the one refusal page every app shows."""

import pytest
from django.contrib.auth.models import AnonymousUser

from branches import permissions as branch_permissions
from cop_portal.errors import NOT_ALLOWED
from members import permissions

pytestmark = pytest.mark.django_db


def test_contact_decides_applications_of_their_own_organisation_only(contact, applicant):
    assert not permissions.user_can_decide_membership(contact, applicant)
    applicant.organisation = contact.organisation
    assert permissions.user_can_decide_membership(contact, applicant)


def test_coordinator_decides_any_application_unless_deactivated(coordinator, applicant):
    assert permissions.user_can_decide_membership(coordinator, applicant)
    coordinator.is_active = False
    assert not permissions.user_can_decide_membership(coordinator, applicant)
    assert not permissions.user_can_decide_branch(coordinator)


def test_plain_member_decides_nothing_and_registers_no_branch(member, applicant):
    assert not permissions.user_can_decide_membership(member, applicant)
    assert not permissions.user_can_list_applications(member)
    assert not branch_permissions.user_can_register_branch(member)
    assert not permissions.user_can_decide_branch(member)


def test_contact_lists_applications_and_registers_branches(contact):
    assert permissions.user_can_list_applications(contact)
    assert branch_permissions.user_can_register_branch(contact)


def test_visitor_passes_no_predicate(applicant):
    visitor = AnonymousUser()
    assert not permissions.user_is_member(visitor)
    assert not permissions.user_is_coordinator(visitor)
    assert not permissions.user_can_decide_membership(visitor, applicant)
    assert not permissions.user_can_act_for(visitor, applicant)
    assert not permissions.user_can_act_for(None, applicant)


def test_pending_branch_is_seen_by_those_concerned_only(pending_branch, contact, member, coordinator):
    assert branch_permissions.user_can_see_community(contact, pending_branch)
    assert branch_permissions.user_can_see_community(coordinator, pending_branch)
    assert not branch_permissions.user_can_see_community(member, pending_branch)
    assert not branch_permissions.user_can_see_community(AnonymousUser(), pending_branch)


def test_a_raised_refusal_shows_its_message_on_the_refusal_page(client, member, applicant):
    client.force_login(member)
    response = client.post(f"/members/applications/{applicant.pk}/approve/")
    assert response.status_code == 403
    page = response.content.decode()
    assert 'data-testid="refusal"' in page
    assert str(permissions.CONTACTS_ONLY) in page


def test_a_refusal_without_a_message_says_not_allowed(client, member):
    client.force_login(member)
    response = client.post("/elections/2000/advance/")
    assert response.status_code == 403
    assert str(NOT_ALLOWED) in response.content.decode()


def test_navigation_offers_applications_to_those_who_may_list_them(client, contact, member):
    client.force_login(member)
    assert 'href="/members/applications/"' not in client.get("/").content.decode()
    client.force_login(contact)
    assert 'href="/members/applications/"' in client.get("/").content.decode()
