"""Every write of the members app: joining, branches, profile, calendar token."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from branches import services as branch_services
from members import services
from members.models import Community, CommunityMembership, User
from tests.factories import (
    ApplicantFactory,
    CommunityFactory,
    ContactFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- joining ------------------------------------------------------------------------------------


def test_membership_apply_records_the_application_and_emails_the_contacts(
    newcomer, contact, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_apply(user=newcomer, organisation=organisation, actor=newcomer)
    newcomer.refresh_from_db()
    assert newcomer.status == User.Status.APPLIED
    assert newcomer.organisation == organisation and newcomer.applied_at is not None
    assert [m.to for m in mailoutbox] == [[contact.email]]
    assert newcomer.email in mailoutbox[0].body


def test_membership_apply_tells_coordinators_when_the_organisation_has_no_contact(
    newcomer, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_apply(user=newcomer, organisation=organisation, actor=newcomer)
    assert [m.to for m in mailoutbox] == [[coordinator.email]]


def test_membership_apply_refuses_an_approved_member(member, organisation):
    with pytest.raises(ValidationError) as exc:
        services.membership_apply(user=member, organisation=organisation, actor=member)
    assert exc.value.messages == [str(services.MEMBERSHIP_ALREADY_MEMBER)]


def test_membership_apply_refuses_an_inactive_organisation(newcomer):
    organisation = OrganisationFactory(is_active=False)
    with pytest.raises(ValidationError) as exc:
        services.membership_apply(user=newcomer, organisation=organisation, actor=newcomer)
    assert exc.value.messages == [str(services.MEMBERSHIP_ORGANISATION_INACTIVE)]


def test_membership_apply_only_for_oneself(newcomer, member, organisation):
    with pytest.raises(PermissionDenied):
        services.membership_apply(user=newcomer, organisation=organisation, actor=member)


def test_membership_apply_again_after_a_decline(organisation):
    declined = ApplicantFactory(status=User.Status.DECLINED, organisation=organisation)
    services.membership_apply(user=declined, organisation=organisation, actor=declined)
    declined.refresh_from_db()
    assert declined.status == User.Status.APPLIED and declined.decision_reason == ""


def test_membership_approve_by_the_organisation_contact_joins_the_root_and_emails_in_english(
    contact, root, mailoutbox, django_capture_on_commit_callbacks
):
    person = ApplicantFactory(organisation=contact.organisation, preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_approve(user=person, actor=contact)
    person.refresh_from_db()
    assert person.status == User.Status.APPROVED and person.decided_by == contact
    assert CommunityMembership.objects.filter(community=root, user=person).exists()
    assert mailoutbox[0].to == [person.email]
    assert mailoutbox[0].subject == "Welcome to the Gender CoP: your membership is approved"


def test_membership_approve_by_a_coordinator_of_any_organisation(applicant, coordinator):
    services.membership_approve(user=applicant, actor=coordinator)
    applicant.refresh_from_db()
    assert applicant.is_member


def test_membership_approve_refused_to_a_contact_of_another_organisation(applicant):
    other_contact = ContactFactory()
    with pytest.raises(PermissionDenied):
        services.membership_approve(user=applicant, actor=other_contact)
    applicant.refresh_from_db()
    assert applicant.status == User.Status.APPLIED


def test_membership_approve_refused_to_a_plain_member_of_the_same_organisation(applicant):
    colleague = UserFactory(organisation=applicant.organisation)
    with pytest.raises(PermissionDenied):
        services.membership_approve(user=applicant, actor=colleague)


def test_membership_approve_refuses_an_application_already_decided(member, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.membership_approve(user=member, actor=coordinator)
    assert exc.value.messages == [str(services.MEMBERSHIP_NOT_PENDING)]


def test_membership_decline_needs_a_reason(applicant, coordinator):
    with pytest.raises(ValidationError) as exc:
        services.membership_decline(user=applicant, actor=coordinator, reason="  ")
    assert exc.value.messages == [str(services.REASON_REQUIRED)]


def test_membership_decline_emails_the_reason_in_mongolian(
    applicant, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_decline(user=applicant, actor=coordinator, reason="Өөр байгууллага")
    applicant.refresh_from_db()
    assert applicant.status == User.Status.DECLINED
    assert applicant.decision_reason == "Өөр байгууллага"
    assert "Өөр байгууллага" in mailoutbox[0].body
    assert "declined" not in mailoutbox[0].subject


def test_organisation_contact_set_by_a_coordinator(member, coordinator):
    services.organisation_contact_set(user=member, is_contact=True, actor=coordinator)
    member.refresh_from_db()
    assert member.is_organisation_contact


def test_organisation_contact_set_refused_to_a_member(member):
    with pytest.raises(PermissionDenied):
        services.organisation_contact_set(user=member, is_contact=True, actor=member)


def test_organisation_contact_set_refuses_an_applicant(applicant, coordinator):
    with pytest.raises(ValidationError):
        services.organisation_contact_set(user=applicant, is_contact=True, actor=coordinator)


# --- branches -----------------------------------------------------------------------------------


def _register(actor, name="Жендэрийн салбар", **extra):
    return branch_services.branch_register(
        name_mn=name, name_en=extra.pop("name_en", "Gender branch"), purpose="Зорилго", actor=actor, **extra
    )


def test_branch_register_creates_a_pending_branch_hosted_by_the_contacts_organisation(
    contact, root, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        branch = _register(contact)
    assert branch.status == Community.Status.PENDING
    assert (branch.parent, branch.host_organisation, branch.registered_by) == (
        root,
        contact.organisation,
        contact,
    )
    assert branch.focal_person == contact and branch.slug == "gender-branch"
    assert CommunityMembership.objects.filter(community=branch, user=contact).exists()
    assert [m.to for m in mailoutbox] == [[coordinator.email]]


def test_branch_register_refuses_a_name_taken_in_another_case(contact, root):
    CommunityFactory(name_mn="жендэрийн салбар", parent=root)
    with pytest.raises(ValidationError) as exc:
        _register(contact, name="ЖЕНДЭРИЙН САЛБАР")
    assert exc.value.message_dict == {"name_mn": [str(branch_services.BRANCH_NAME_TAKEN)]}


def test_branch_register_refused_to_a_member_who_is_not_a_contact(member, root):
    with pytest.raises(PermissionDenied):
        _register(member)


def test_branch_register_never_takes_a_reserved_or_used_slug(contact, root):
    CommunityFactory(slug="gender-branch", parent=root)
    first = _register(contact, name="Нэг", name_en="Register")
    second = _register(contact, name="Хоёр", name_en="Gender branch")
    assert first.slug.startswith("register-") and second.slug.startswith("gender-branch-")


def test_branch_approve_by_a_coordinator_emails_the_registrant(
    pending_branch, coordinator, contact, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        branch_services.branch_approve(community=pending_branch, actor=coordinator)
    pending_branch.refresh_from_db()
    assert pending_branch.status == Community.Status.APPROVED and pending_branch.founded_on is not None
    assert mailoutbox[0].to == [contact.email]


def test_branch_approve_refused_to_an_organisation_contact(pending_branch, contact):
    with pytest.raises(PermissionDenied):
        branch_services.branch_approve(community=pending_branch, actor=contact)


def test_branch_approve_refuses_a_decided_branch(branch, coordinator):
    with pytest.raises(ValidationError) as exc:
        branch_services.branch_approve(community=branch, actor=coordinator)
    assert exc.value.messages == [str(branch_services.BRANCH_ALREADY_DECIDED)]


def test_branch_decline_records_and_emails_the_reason(
    pending_branch, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        branch_services.branch_decline(community=pending_branch, actor=coordinator, reason="Давхардсан")
    pending_branch.refresh_from_db()
    assert pending_branch.status == Community.Status.DECLINED
    assert pending_branch.decision_reason == "Давхардсан" and "Давхардсан" in mailoutbox[0].body


def test_branch_decline_needs_a_reason(pending_branch, coordinator):
    with pytest.raises(ValidationError):
        branch_services.branch_decline(community=pending_branch, actor=coordinator, reason="")


def test_branch_join_is_idempotent(branch, member):
    branch_services.branch_join(community=branch, user=member, actor=member)
    branch_services.branch_join(community=branch, user=member, actor=member)
    assert CommunityMembership.objects.filter(community=branch, user=member).count() == 1


def test_branch_join_refused_to_an_applicant(branch, applicant):
    with pytest.raises(PermissionDenied):
        branch_services.branch_join(community=branch, user=applicant, actor=applicant)


def test_branch_join_refuses_a_pending_branch(pending_branch, member):
    with pytest.raises(ValidationError) as exc:
        branch_services.branch_join(community=pending_branch, user=member, actor=member)
    assert exc.value.messages == [str(branch_services.BRANCH_NOT_OPEN)]


def test_branch_leave_removes_the_membership(branch, member):
    branch_services.branch_join(community=branch, user=member, actor=member)
    assert branch_services.branch_leave(community=branch, user=member, actor=member) is True
    assert not CommunityMembership.objects.filter(community=branch, user=member).exists()


# --- own profile --------------------------------------------------------------------------------


def test_user_profile_update_saves_the_fields(member):
    services.user_profile_update(user=member, actor=member, position=" Зөвлөх ", gender="another")
    member.refresh_from_db()
    assert (member.position, member.gender) == ("Зөвлөх", "another")


def test_user_profile_update_refuses_another_person(member, coordinator):
    with pytest.raises(PermissionDenied):
        services.user_profile_update(user=member, actor=coordinator, position="x")


def test_user_profile_update_refuses_status_changes(member):
    with pytest.raises(ValueError):
        services.user_profile_update(user=member, actor=member, status="approved")


def test_user_email_preferences_update_replaces_the_muted_kinds(member):
    services.user_email_preferences_update(user=member, muted_kinds=["election", "branch"], actor=member)
    member.refresh_from_db()
    assert member.muted_email_kinds == ["branch", "election"]


def test_user_email_preferences_update_refuses_an_unknown_kind(member):
    with pytest.raises(ValidationError):
        services.user_email_preferences_update(user=member, muted_kinds=["spam"], actor=member)


def test_calendar_token_rotate_issues_a_new_token(member):
    old = member.calendar_token
    new = services.calendar_token_rotate(user=member, actor=member)
    member.refresh_from_db()
    assert member.calendar_token == new != old


def test_calendar_token_rotate_refuses_another_person(member, coordinator):
    with pytest.raises(PermissionDenied):
        services.calendar_token_rotate(user=member, actor=coordinator)


def test_coordinator_group_sync_gives_members_permissions_but_not_user_deletion():
    group = services.coordinator_group_sync()
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_community", "add_organisation", "change_user"} <= codenames
    assert "delete_user" not in codenames


def test_branch_close_takes_an_approved_branch_out_of_the_network(branch, coordinator):
    branch_services.branch_close(community=branch, actor=coordinator)
    branch.refresh_from_db()
    assert branch.status == Community.Status.CLOSED


def test_branch_close_refuses_the_root(root, coordinator):
    with pytest.raises(ValidationError) as exc:
        branch_services.branch_close(community=root, actor=coordinator)
    assert exc.value.messages == [str(branch_services.BRANCH_NOT_CLOSABLE)]


def test_branch_close_refused_to_a_contact(branch, contact):
    with pytest.raises(PermissionDenied):
        branch_services.branch_close(community=branch, actor=contact)
