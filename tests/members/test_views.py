"""Pages of the members app, per role: allowed and refused."""

import pytest
from django.urls import reverse

from branches import services as branch_services
from members import permissions, views
from members.models import Community, CommunityMembership, Organisation, User
from tests.factories import (
    ApplicantFactory,
    CommunityFactory,
    ContactFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- organisations (public) --------------------------------------------------------------------


def test_organisation_list_is_public_and_filters_by_level(client, organisation):
    local = type(organisation).objects.create(
        name_mn="Дорнод", slug="dornod", kind="provincial", level="local", province="dornod"
    )
    response = client.get("/organisations/?level=local")
    assert response.status_code == 200
    assert list(response.context["organisations"]) == [local]


def test_organisation_list_counts_approved_members_and_branches(client, organisation, branch, member):
    UserFactory.create_batch(2, organisation=organisation)
    ApplicantFactory(organisation=organisation)
    client.force_login(member)  # exact for members; visitors read it rounded (test_public_counts)
    row = next(o for o in client.get("/organisations/").context["organisations"] if o == organisation)
    assert (row.member_count, row.branch_count) == (2, 1)


def test_organisation_list_ignores_an_unknown_filter_value(client, organisation):
    provincial = OrganisationFactory(kind=Organisation.Kind.PROVINCIAL)
    response = client.get("/organisations/?kind=nonsense")
    assert response.status_code == 200
    # The unknown kind narrows nothing: every organisation is listed, as with no filter.
    assert set(response.context["organisations"]) == {organisation, provincial}
    body = response.content.decode()
    assert organisation.name in body and provincial.name in body


def test_organisation_detail_shows_branches_and_hides_contacts_from_visitors(client, branch, contact):
    response = client.get(branch.host_organisation.get_absolute_url())
    assert response.status_code == 200
    assert branch.name_mn in response.content.decode()
    assert contact.full_name not in response.content.decode()


def test_organisation_detail_shows_contacts_to_members(client, member, contact):
    client.force_login(member)
    response = client.get(contact.organisation.get_absolute_url())
    assert contact.full_name in response.content.decode()


def test_organisation_detail_unknown_slug_is_404(client):
    assert client.get("/organisations/nope/").status_code == 404


# --- member directory ---------------------------------------------------------------------------


def test_member_directory_redirects_visitors_to_login(client):
    response = client.get("/members/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_member_directory_refuses_applicants(client, applicant):
    client.force_login(applicant)
    response = client.get("/members/")
    assert response.status_code == 403
    assert str(permissions.MEMBERS_ONLY) in response.content.decode()


def test_member_directory_lists_approved_members_only(client, member, applicant):
    client.force_login(member)
    people = list(client.get("/members/").context["people"])
    assert member in people and applicant not in people


def test_member_directory_shows_contact_details_only_when_visible(client, member):
    hidden = UserFactory(contact_visible=False, phone="99110000")
    shown = UserFactory(contact_visible=True, phone="88110000")
    client.force_login(member)
    page = client.get("/members/").content.decode()
    assert shown.email in page and "88110000" in page
    assert hidden.email not in page and "99110000" not in page


def test_member_directory_searches_by_organisation_name(client, member):
    other = UserFactory()
    client.force_login(member)
    response = client.get("/members/", {"q": other.organisation.name_en})
    assert list(response.context["people"]) == [other]


# --- applications -------------------------------------------------------------------------------


def test_application_list_shows_a_contact_their_organisation_only(client, contact):
    own = ApplicantFactory(organisation=contact.organisation)
    ApplicantFactory()
    client.force_login(contact)
    assert list(client.get("/members/applications/").context["applications"]) == [own]


def test_application_list_refuses_a_plain_member(client, member):
    client.force_login(member)
    assert client.get("/members/applications/").status_code == 403


def test_application_list_shows_a_coordinator_everything(client, coordinator):
    ApplicantFactory.create_batch(2)
    client.force_login(coordinator)
    assert len(client.get("/members/applications/").context["applications"]) == 2


def test_contact_approves_an_application_of_their_organisation(client, contact):
    person = ApplicantFactory(organisation=contact.organisation)
    client.force_login(contact)
    response = client.post(reverse("members:application-approve", args=[person.pk]))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == User.Status.APPROVED


def test_contact_cannot_approve_another_organisations_applicant(client, contact, applicant):
    client.force_login(contact)
    response = client.post(reverse("members:application-approve", args=[applicant.pk]))
    assert response.status_code == 403
    applicant.refresh_from_db()
    assert applicant.status == User.Status.APPLIED


def test_decline_without_reason_is_refused_with_a_message(client, coordinator, applicant):
    client.force_login(coordinator)
    response = client.post(
        reverse("members:application-decline", args=[applicant.pk]), {"reason": ""}, follow=True
    )
    assert str(views.services.REASON_REQUIRED) in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.status == User.Status.APPLIED


def test_decline_with_reason_by_a_coordinator(client, coordinator, applicant):
    client.force_login(coordinator)
    client.post(reverse("members:application-decline", args=[applicant.pk]), {"reason": "Буруу байгууллага"})
    applicant.refresh_from_db()
    assert (applicant.status, applicant.decision_reason) == (User.Status.DECLINED, "Буруу байгууллага")


def test_decide_on_unknown_person_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.post("/members/applications/999999/approve/").status_code == 404


def test_decide_needs_post(client, coordinator, applicant):
    client.force_login(coordinator)
    assert client.get(reverse("members:application-approve", args=[applicant.pk])).status_code == 405


# --- the network and branch pages ----------------------------------------------------------------


def test_branches_page_shows_the_tree_with_approved_branches_only(client, branch, pending_branch):
    response = client.get("/branches/")
    assert response.status_code == 200
    (root,) = response.context["roots"]
    assert [c.pk for c in root.children] == [branch.pk]


def test_branches_page_lists_branches_a_page_at_a_time_with_their_sub_branches(client, root, organisation):
    from tests.factories import CommunityFactory

    branches = CommunityFactory.create_batch(27, parent=root, host_organisation=organisation)
    sub = CommunityFactory(parent=branches[0], host_organisation=organisation, name_mn="Дэд бүлэг")
    first = client.get("/branches/")
    assert [n.pk for n in first.context["page_obj"]] == [
        b.pk for b in sorted(branches, key=lambda b: b.name_mn)
    ][:25]
    assert "?page=2" in first.content.decode()
    second = client.get("/branches/?page=2")
    assert len(second.context["page_obj"]) == 2
    shown = first.content.decode() + second.content.decode()
    assert sub.name_mn in shown and root.name_mn in first.content.decode()
    assert client.get("/branches/?page=x").context["page_obj"].number == 1
    assert client.get("/branches/?page=99").context["page_obj"].number == 2


def test_branches_page_offers_registration_to_contacts_only(client, contact, member, root):
    client.force_login(member)
    assert "/branches/register/" not in client.get("/branches/").content.decode()
    client.force_login(contact)
    assert "/branches/register/" in client.get("/branches/").content.decode()


def test_branch_page_is_public_when_approved(client, branch):
    assert client.get(branch.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_pending_branch_page_is_hidden_from_others(client, pending_branch, member, role):
    if role == "member":
        client.force_login(member)
    assert client.get(pending_branch.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role", ["contact", "coordinator"])
def test_pending_branch_page_is_shown_to_its_contact_and_coordinators(
    client, pending_branch, contact, coordinator, role
):
    client.force_login(contact if role == "contact" else coordinator)
    assert client.get(pending_branch.get_absolute_url()).status_code == 200


def test_branch_page_warns_when_membership_passes_the_recommended_size(client, branch, settings):
    settings.COP_BRANCH_RECOMMENDED_SIZE = 2
    for person in UserFactory.create_batch(3):
        CommunityMembership.objects.create(community=branch, user=person)
    response = client.get(branch.get_absolute_url())
    assert 'data-testid="size-warning"' in response.content.decode()


def test_branch_page_does_not_warn_at_the_recommended_size(client, branch, settings):
    settings.COP_BRANCH_RECOMMENDED_SIZE = 3
    for person in UserFactory.create_batch(3):
        CommunityMembership.objects.create(community=branch, user=person)
    assert 'data-testid="size-warning"' not in client.get(branch.get_absolute_url()).content.decode()


def test_member_joins_and_leaves_a_branch(client, branch, member):
    client.force_login(member)
    assert client.post(f"/branches/{branch.slug}/join/").status_code == 302
    assert CommunityMembership.objects.filter(community=branch, user=member).exists()
    client.post(f"/branches/{branch.slug}/leave/", {"confirm": "yes"})
    assert not CommunityMembership.objects.filter(community=branch, user=member).exists()


def test_applicant_cannot_join_a_branch(client, branch, applicant):
    client.force_login(applicant)
    assert client.post(f"/branches/{branch.slug}/join/").status_code == 403
    assert not CommunityMembership.objects.filter(user=applicant).exists()


def test_anonymous_join_redirects_to_login(client, branch):
    response = client.post(f"/branches/{branch.slug}/join/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_join_a_pending_branch_is_404(client, pending_branch, member):
    client.force_login(member)
    assert client.post(f"/branches/{pending_branch.slug}/join/").status_code == 404


# --- branch registration ------------------------------------------------------------------------

FORM = {"name_mn": "Шинэ салбар", "name_en": "New branch", "purpose": "Сургалт", "founded_on": ""}


def test_contact_registers_a_branch(client, contact, root):
    client.force_login(contact)
    response = client.post("/branches/register/", FORM)
    branch = Community.objects.get(name_mn="Шинэ салбар")
    assert response.status_code == 302 and response["Location"] == branch.get_absolute_url()
    assert branch.status == Community.Status.PENDING and branch.host_organisation == contact.organisation


def test_register_with_a_taken_name_is_a_form_error(client, contact, root):
    CommunityFactory(name_mn="шинэ салбар", parent=root)
    client.force_login(contact)
    response = client.post("/branches/register/", FORM)
    assert response.status_code == 400
    assert response.context["form"].errors["name_mn"] == [str(branch_services.BRANCH_NAME_TAKEN)]


def test_register_with_missing_fields_is_a_400(client, contact, root):
    client.force_login(contact)
    assert client.post("/branches/register/", {"name_mn": ""}).status_code == 400


@pytest.mark.parametrize("role", ["applicant", "member", "coordinator"])
def test_register_is_refused_to_non_contacts(client, applicant, member, coordinator, root, role):
    client.force_login({"applicant": applicant, "member": member, "coordinator": coordinator}[role])
    response = client.get("/branches/register/")
    assert response.status_code == 403
    assert client.post("/branches/register/", FORM).status_code == 403
    assert not Community.objects.filter(name_mn="Шинэ салбар").exists()


def test_register_redirects_visitors_to_login(client):
    assert client.get("/branches/register/").status_code == 302


def test_contact_cannot_pick_a_focal_person_of_another_organisation(client, contact, member, root):
    client.force_login(contact)
    response = client.post("/branches/register/", {**FORM, "focal_person": member.pk})
    assert response.status_code == 400 and "focal_person" in response.context["form"].errors


# --- profile ------------------------------------------------------------------------------------


def test_profile_redirects_visitors_to_login(client):
    assert client.get("/profile/").status_code == 302


def test_profile_lists_every_email_kind_as_a_checkbox(client, member):
    from notices.registry import categories

    KINDS = categories()

    client.force_login(member)
    page = client.get("/profile/").content.decode()
    for kind in KINDS:
        assert f'value="{kind}"' in page


def test_profile_update_saves(client, member):
    client.force_login(member)
    data = {"full_name": "Шинэ Нэр", "position": "", "phone": "", "gender": "", "preferred_language": "en"}
    assert client.post("/profile/", data).status_code == 302
    member.refresh_from_db()
    assert (member.full_name, member.gender, member.preferred_language) == ("Шинэ Нэр", "", "en")


def test_profile_update_with_a_bad_gender_is_a_400(client, member):
    client.force_login(member)
    data = {"full_name": "Нэр", "gender": "robot", "preferred_language": "mn"}
    assert client.post("/profile/", data).status_code == 400


def test_new_person_sees_the_apply_banner_and_applies(client, newcomer, organisation):
    client.force_login(newcomer)
    assert 'data-testid="apply-banner"' in client.get("/").content.decode()
    response = client.post("/profile/apply/", {"organisation": organisation.pk})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.status == User.Status.APPLIED


def test_member_does_not_see_the_apply_banner(client, member):
    client.force_login(member)
    assert 'data-testid="apply-banner"' not in client.get("/").content.decode()


def test_apply_twice_shows_a_message(client, applicant, organisation):
    client.force_login(applicant)
    response = client.post("/profile/apply/", {"organisation": organisation.pk})
    assert response.status_code == 400
    assert str(views.services.membership.MEMBERSHIP_ALREADY_APPLIED) in response.content.decode()


def test_apply_with_unknown_organisation_is_a_400(client, newcomer):
    client.force_login(newcomer)
    assert client.post("/profile/apply/", {"organisation": 999999}).status_code == 400


def test_email_preferences_unticked_kinds_are_muted(client, member):
    client.force_login(member)
    from notices.registry import categories

    KINDS = categories()

    wanted = [k for k in KINDS if k != "election"]
    assert client.post("/profile/e-mails/", {"wanted": wanted}).status_code == 302
    member.refresh_from_db()
    assert member.muted_email_kinds == ["election"]


def test_email_preferences_unknown_kind_is_a_400(client, member):
    client.force_login(member)
    assert client.post("/profile/e-mails/", {"wanted": ["spam"]}).status_code == 400


def test_calendar_token_revoke_makes_a_new_one(client, member):
    old = member.calendar_token
    client.force_login(member)
    assert client.post("/profile/calendar-token/").status_code == 302
    member.refresh_from_db()
    assert member.calendar_token != old
    assert member.calendar_token in client.get("/profile/").content.decode()


def test_calendar_token_revoke_needs_post(client, member):
    client.force_login(member)
    assert client.get("/profile/calendar-token/").status_code == 405


def test_contact_sees_applications_link_in_the_menu(client):
    contact = ContactFactory()
    client.force_login(contact)
    assert "/members/applications/" in client.get("/").content.decode()


# --- who gets which page: the whole matrix ------------------------------------------------------

PAGES = [
    "/organisations/",
    "ORG",
    "/members/",
    "/members/applications/",
    "/branches/",
    "BRANCH",
    "/branches/register/",
    "/profile/",
]
# Expected status per role, in the order of PAGES (302: to the login page).
MATRIX = {
    "anonymous": [200, 200, 302, 302, 200, 200, 302, 302],
    "applicant": [200, 200, 403, 403, 200, 200, 403, 200],
    "member": [200, 200, 200, 403, 200, 200, 403, 200],
    "contact": [200, 200, 200, 200, 200, 200, 200, 200],
    "coordinator": [200, 200, 200, 200, 200, 200, 403, 200],
}


@pytest.mark.parametrize("role", list(MATRIX))
def test_page_access_per_role(client, role, applicant, member, contact, coordinator, branch):
    user = {"anonymous": None, "applicant": applicant, "member": member, "contact": contact}.get(
        role, coordinator
    )
    if user:
        client.force_login(user)
    urls = [
        {"ORG": branch.host_organisation.get_absolute_url(), "BRANCH": branch.get_absolute_url()}.get(p, p)
        for p in PAGES
    ]
    assert [client.get(url).status_code for url in urls] == MATRIX[role]


def test_network_lists_a_branch_whose_parent_is_pending_among_the_branches(
    root, pending_branch, organisation
):
    from members import selectors
    from tests.factories import CommunityFactory

    orphan = CommunityFactory(parent=pending_branch, host_organisation=organisation)
    roots, branches = selectors.community_network()
    assert [r.pk for r in roots] == [root.pk]
    assert [b.pk for b in branches] == [orphan.pk]


def test_directory_follows_a_name_change(client, member):
    from members.services import user_profile_update

    client.force_login(member)
    assert member.full_name in client.get("/members/").content.decode()
    user_profile_update(user=member, actor=member, full_name="Шинэ Нэрийн Эзэн")
    assert "Шинэ Нэрийн Эзэн" in client.get("/members/").content.decode()


def test_directory_follows_an_address_change(client, member):
    from allauth.account.models import EmailAddress
    from allauth.account.signals import email_changed

    shown = UserFactory(contact_visible=True)
    client.force_login(member)
    assert shown.email in client.get("/members/").content.decode()
    old = EmailAddress.objects.get_or_create(user=shown, email=shown.email, defaults={"primary": True})[0]
    new = EmailAddress.objects.create(user=shown, email="shine-hayag@example.mn", verified=True)
    User.objects.filter(pk=shown.pk).update(email=new.email)
    email_changed.send(sender=User, request=None, user=shown, from_email_address=old, to_email_address=new)
    assert "shine-hayag@example.mn" in client.get("/members/").content.decode()


def test_a_back_office_edit_drops_the_persons_own_pages(client, coordinator, member):
    client.force_login(member)
    assert member.full_name in client.get("/profile/participation/").content.decode()
    admin = User.objects.get(pk=coordinator.pk)
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    request = RequestFactory().post("/")
    request.user = admin
    member.full_name = "Засварласан Нэр"
    site._registry[User].save_model(request, member, form=None, change=True)
    assert "Засварласан Нэр" in client.get("/profile/participation/").content.decode()
