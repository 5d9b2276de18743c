"""Menus per role: a focal person's (or co-organiser's) "My branch", a coordinator's "Awaiting
review" with its count, read at sign-in and kept in the session for a minute (no query per page)."""

import pytest

from meetings.models import Meeting
from members import menu
from tests.factories import CommunityFactory, CommunityOrganiserFactory, MeetingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def _menu(client) -> str:
    page = client.get("/meetings/mine/").content.decode()
    return page.split('data-testid="account-menu"', 1)[1].split("</ul>", 1)[0]


def test_a_focal_person_has_my_branch(client, member):
    branch = CommunityFactory(focal_person=member)
    client.force_login(member)
    menu = _menu(client)
    assert 'data-testid="nav-my-branch"' in menu and f'href="/branches/{branch.slug}/manage/"' in menu


def test_a_co_organiser_has_my_branch_and_a_member_has_none(client, member):
    organiser = CommunityOrganiserFactory(user=member)
    client.force_login(member)
    assert f'href="/branches/{organiser.community.slug}/manage/"' in _menu(client)
    client.force_login(CommunityOrganiserFactory().community.focal_person)
    other = CommunityFactory()
    assert f"/branches/{other.slug}/manage/" not in _menu(client)


def test_a_plain_member_has_no_branch_entry(client, member):
    CommunityFactory()
    client.force_login(member)
    assert "nav-my-branch" not in _menu(client)


def test_a_coordinator_sees_how_many_meetings_await_review(client, coordinator):
    MeetingFactory.create_batch(3, status=Meeting.Status.REVIEW)
    MeetingFactory()
    client.force_login(coordinator)
    menu = _menu(client)
    assert "?status__exact=review" in menu
    assert 'data-testid="awaiting-review-count">3<' in menu


def test_members_do_not_see_the_review_queue(client, member):
    MeetingFactory(status=Meeting.Status.REVIEW)
    client.force_login(member)
    assert "nav-awaiting-review" not in _menu(client)


@pytest.mark.parametrize("branches", [1, 5])
def test_the_menu_costs_no_query_after_sign_in(client, member, branches, django_assert_max_num_queries):
    for _ in range(branches):
        CommunityOrganiserFactory(user=member)
    client.force_login(member)  # the sign-in reads the menu once
    with django_assert_max_num_queries(2):  # the session and the user
        page = client.get("/privacy/").content.decode()
    assert page.count('data-testid="nav-my-branch"') == branches


def test_a_change_shows_once_the_kept_menu_is_stale(client, member, monkeypatch):
    client.force_login(member)
    assert "nav-my-branch" not in _menu(client)
    branch = CommunityFactory(focal_person=member)
    assert "nav-my-branch" not in _menu(client)  # kept for a minute
    monkeypatch.setattr(menu, "MENU_SECONDS", -1)
    assert f"/branches/{branch.slug}/manage/" in _menu(client)
