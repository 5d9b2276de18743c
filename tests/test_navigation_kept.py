"""The navigation bar's parts are rendered once per process and kept (members/templatetags/
access.py): the links per language and role, the account menu per person. Nothing of one
person may show on another's page, a change of role shows at once, and each page still
carries its own CSRF token and path."""

import re

import pytest
from django.test import Client

from members.models import User
from tests.factories import CommunityFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def _menu(html: str) -> str:
    return html.split('data-testid="account-menu"', 1)[1].split("</ul>", 1)[0]


def test_one_member_never_sees_anothers_menu(client):
    a = UserFactory(full_name="Анхбаяр Алтан")
    b = UserFactory(full_name="Батбаяр Бор")
    branch = CommunityFactory(focal_person=a)
    client.force_login(a)
    first = client.get("/meetings/").content.decode()
    assert "Анхбаяр" in _menu(first) and f"/branches/{branch.slug}/manage/" in first
    other = Client()
    other.force_login(b)
    for _ in range(2):  # built for B, then kept for B
        page = other.get("/meetings/").content.decode()
        assert "Батбаяр" in _menu(page)
        assert "Анхбаяр" not in page and f"/branches/{branch.slug}/manage/" not in page
    # And A's copy is still A's own.
    again = client.get("/meetings/").content.decode()
    assert "Анхбаяр" in _menu(again) and "Батбаяр" not in again


def test_the_links_follow_the_role_at_once(client, applicant):
    client.force_login(applicant)
    assert 'href="/meetings/mine/"' not in client.get("/meetings/").content.decode()
    User.objects.filter(pk=applicant.pk).update(status=User.Status.APPROVED)
    assert 'href="/meetings/mine/"' in client.get("/meetings/").content.decode()
    client.logout()
    visitor = client.get("/meetings/").content.decode()
    assert 'href="/meetings/mine/"' not in visitor and 'data-testid="sign-in"' in visitor


def test_the_links_mark_the_section_being_viewed(client, member):
    client.force_login(member)
    meetings = client.get("/meetings/").content.decode()
    assert re.search(r'nav-link dropdown-toggle active"[^>]*data-testid="nav-meetings"', meetings)
    members = client.get("/members/").content.decode()
    assert not re.search(r'active"[^>]*data-testid="nav-meetings"', members)
    assert re.search(r'nav-link dropdown-toggle active"[^>]*data-testid="nav-network"', members)


def test_each_page_carries_its_own_token_and_path(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get("/meetings/")
    page = client.get("/meetings/?when=past&page=1").content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert len(tokens) == 2 and "__cop_nav" not in page
    assert '<input name="next" type="hidden" value="/meetings/?when=past&amp;page=1">' in page
    # The kept menu's sign-out form works with this page's token.
    assert client.post("/accounts/logout/", {"csrfmiddlewaretoken": tokens[-1]}).status_code == 302
    assert client.get("/profile/").status_code == 302
