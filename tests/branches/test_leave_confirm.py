"""Leaving a branch asks first; only a POST with ``confirm=yes`` leaves."""

import pytest
from django.utils.html import escape

from branches.views import community as views
from members.models import CommunityMembership
from tests.factories import CommunityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def joined(member):
    branch = CommunityFactory()
    CommunityMembership.objects.create(community=branch, user=member)
    return branch


def test_the_branch_page_links_to_the_question(client, member, joined):
    client.force_login(member)
    page = client.get(joined.get_absolute_url()).content.decode()
    assert f'href="/branches/{joined.slug}/leave/"' in page
    assert f'action="/branches/{joined.slug}/leave/"' not in page


def test_the_question_names_what_stops_and_leaves_nothing(client, member, joined):
    client.force_login(member)
    response = client.get(f"/branches/{joined.slug}/leave/")
    page = response.content.decode()
    assert response.status_code == 200
    assert escape(str(views.BRANCH_LEAVE_MAIL)) in page and escape(str(views.BRANCH_LEAVE_YES)) in page
    assert CommunityMembership.objects.filter(community=joined, user=member).exists()


def test_a_post_without_confirmation_asks_again(client, member, joined):
    client.force_login(member)
    response = client.post(f"/branches/{joined.slug}/leave/")
    assert response.status_code == 400
    assert CommunityMembership.objects.filter(community=joined, user=member).exists()


def test_confirming_leaves(client, member, joined):
    client.force_login(member)
    assert client.post(f"/branches/{joined.slug}/leave/", {"confirm": "yes"}).status_code == 302
    assert not CommunityMembership.objects.filter(community=joined, user=member).exists()


def test_the_question_for_someone_not_in_the_branch_sends_back(client, member):
    branch = CommunityFactory()
    client.force_login(member)
    response = client.get(f"/branches/{branch.slug}/leave/")
    assert response.status_code == 302 and response["Location"] == branch.get_absolute_url()
