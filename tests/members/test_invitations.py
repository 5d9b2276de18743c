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
