"""Imported people get an invitation in their language, with a single-use, expiring set-password link."""

import re

import pytest
from django.test import Client

from members import services
from members.models import User

pytestmark = pytest.mark.django_db

HEADER = "email,full_name,organisation,position,phone,gender,preferred_language\n"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://cop.example.mn"


def _import(organisation, rows, capture):
    with capture(execute=True):
        return services.members_import(data=HEADER + rows, actor=None)


def _link(message) -> str:
    return re.search(r"https://cop\.example\.mn(/accounts/password/reset/key/\S+/)", message.body).group(1)


def test_import_invites_each_person_in_their_language(
    organisation, mailoutbox, django_capture_on_commit_callbacks
):
    rows = f"mn@example.mn,Болд Бат,{organisation.slug},,,man,mn\nen@example.mn,Saraa,{organisation.slug},,,woman,en\n"
    assert _import(organisation, rows, django_capture_on_commit_callbacks) == 2
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {"mn@example.mn", "en@example.mn"}
    assert "Choose your password" in by_address["en@example.mn"].body
    assert "example.com" not in by_address["en@example.mn"].body
    html, _mimetype = by_address["en@example.mn"].alternatives[0]
    assert "/accounts/password/reset/key/" in html


def test_the_invitation_link_sets_a_password_once(
    organisation, mailoutbox, django_capture_on_commit_callbacks
):
    _import(
        organisation,
        f"new@example.mn,Шинэ Хүн,{organisation.slug},,,woman,en\n",
        django_capture_on_commit_callbacks,
    )
    link = _link(mailoutbox[0])
    browser = Client()
    form_page = browser.get(link, follow=True)
    assert form_page.status_code == 200 and "password1" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = browser.post(set_url, {"password1": "Brand-new-pass-88", "password2": "Brand-new-pass-88"})
    assert done.status_code == 302
    assert User.objects.get(email="new@example.mn").check_password("Brand-new-pass-88")
    # Single use: the same link no longer offers the form.
    again = Client().get(link, follow=True)
    assert "password1" not in again.content.decode()


def test_the_invitation_link_expires(organisation, mailoutbox, django_capture_on_commit_callbacks, settings):
    _import(
        organisation,
        f"late@example.mn,Хожимдсон,{organisation.slug},,,woman,en\n",
        django_capture_on_commit_callbacks,
    )
    settings.PASSWORD_RESET_TIMEOUT = -1  # as if the days had passed
    page = Client().get(_link(mailoutbox[0]), follow=True)
    assert "password1" not in page.content.decode()


def test_import_without_invitations(organisation, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.members_import(
            data=HEADER + f"quiet@example.mn,Чимээгүй,{organisation.slug},,,,\n", actor=None, invite=False
        )
    assert mailoutbox == []


# --- people added one by one in the back office -----------------------------------------------

ADD_URL = "/admin/members/user/add/"


def _add(client, organisation, email, language, capture):
    with capture(execute=True):
        return client.post(
            ADD_URL,
            {
                "email": email,
                "full_name": "Нэмсэн Хүн",
                "organisation": organisation.pk,
                "position": "",
                "phone": "",
                "preferred_language": language,
                "contact_visible": "",
            },
        )


@pytest.fixture
def staff_contact(organisation):
    from django.contrib.auth.models import Permission

    from tests.factories import ContactFactory

    contact = ContactFactory(organisation=organisation, is_staff=True)
    contact.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_user", "add_user", "change_user"])
    )
    return contact


@pytest.mark.parametrize(("language", "words"), [("en", "Choose your password"), ("mn", "нууц үг")])
def test_a_person_a_contact_adds_gets_one_invitation_in_their_language(
    client, staff_contact, organisation, mailoutbox, django_capture_on_commit_callbacks, language, words
):
    client.force_login(staff_contact)
    response = _add(client, organisation, "added@example.mn", language, django_capture_on_commit_callbacks)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = User.objects.get(email="added@example.mn")
    assert person.status == User.Status.APPROVED and person.decided_by == staff_contact
    assert not person.has_usable_password()
    assert [m.to for m in mailoutbox] == [["added@example.mn"]]
    assert words.lower() in mailoutbox[0].body.lower()
    # The link sets the password, as an imported person's does.
    browser = Client()
    form_page = browser.get(_link(mailoutbox[0]), follow=True)
    assert "password1" in form_page.content.decode()

    # Editing the person later sends nothing more: the invitation goes once.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/members/user/{person.pk}/change/",
            {
                "full_name": "Нэмсэн Хүн Засав",
                "organisation": organisation.pk,
                "position": "Мэргэжилтэн",
                "phone": "",
                "preferred_language": language,
                "contact_visible": "",
            },
        )
    assert User.objects.get(pk=person.pk).position == "Мэргэжилтэн"
    assert len(mailoutbox) == 1


def test_a_contact_cannot_add_a_person_to_another_organisation(
    client, staff_contact, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import OrganisationFactory

    client.force_login(staff_contact)
    response = _add(
        client, OrganisationFactory(), "elsewhere@example.mn", "mn", django_capture_on_commit_callbacks
    )
    assert response.status_code == 200 and "organisation" in response.context["adminform"].form.errors
    assert not User.objects.filter(email="elsewhere@example.mn").exists() and mailoutbox == []


def test_a_person_a_coordinator_adds_gets_an_invitation_and_the_addition_is_audited(
    client, coordinator, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    from cop_portal.audit import AuditEvent

    client.force_login(coordinator)
    assert (
        _add(client, organisation, "byc@example.mn", "en", django_capture_on_commit_callbacks).status_code
        == 302
    )
    assert [m.to for m in mailoutbox] == [["byc@example.mn"]]
    assert AuditEvent.objects.filter(
        action="member.add", object_id=str(User.objects.get(email="byc@example.mn").pk)
    ).exists()


def test_the_service_refuses_someone_who_is_not_a_contact_of_the_organisation(member, organisation):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.member_add(person=User(email="x@example.mn", organisation=organisation), actor=member)
    assert not User.objects.filter(email="x@example.mn").exists()
