"""The branch page's "Manage this branch" link: shown exactly to those the management page
lets in (``user_can_manage_branch``), and it leads there."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from members.models import Community, CommunityOrganiser
from members.permissions import user_can_manage_branch
from tests.factories import ApplicantFactory, CommunityFactory, RootCommunityFactory, UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a [^>]*href="([^"]+)" data-testid="manage"')


@pytest.fixture
def world(coordinator):
    root = RootCommunityFactory()
    focal = UserFactory()
    branch = CommunityFactory(parent=root, focal_person=focal)
    sub = CommunityFactory(parent=branch, focal_person=UserFactory())
    sibling = CommunityFactory(parent=root, focal_person=UserFactory())
    organiser, follower = UserFactory(), UserFactory()
    CommunityOrganiser.objects.create(community=branch, user=organiser)
    branch.members.add(follower)
    pending = CommunityFactory(parent=root, focal_person=UserFactory(), status=Community.Status.PENDING)
    return {
        "root": root,
        "branch": branch,
        "sub": sub,
        "pending": pending,
        "people": {
            "visitor": None,
            "applicant": ApplicantFactory(),
            "member": UserFactory(),
            "follower": follower,
            "focal": focal,
            "co-organiser": organiser,
            "focal of the branch below": sub.focal_person,
            "focal of another branch": sibling.focal_person,
            "focal of a pending branch": pending.focal_person,
            "coordinator": coordinator,
            "superuser": UserFactory(is_superuser=True, is_staff=True),
        },
    }


# (who, which CoP's page): whether the link shows (and the management page opens).
CASES = [
    ("visitor", "branch", False),
    ("applicant", "branch", False),
    ("member", "branch", False),
    ("follower", "branch", False),
    ("focal", "branch", True),
    ("co-organiser", "branch", True),
    ("focal", "sub", True),  # a branch's people run the branches under it
    ("focal of the branch below", "branch", False),
    ("focal of another branch", "branch", False),
    ("focal of a pending branch", "pending", False),  # not before the branch is approved (no page yet)
    ("coordinator", "branch", True),
    ("coordinator", "pending", True),
    ("superuser", "sub", True),
    ("coordinator", "root", False),  # the root CoP is run from the back office
]


@pytest.mark.parametrize(("who", "where", "shown"), CASES)
def test_the_link_shows_exactly_to_those_let_in_and_leads_there(client, world, who, where, shown):
    person, community = world["people"][who], world[where]
    if person is not None:
        client.force_login(person)
    page = client.get(community.get_absolute_url())
    assert page.status_code == (404 if who == "focal of a pending branch" else 200)
    links = LINK.findall(page.content.decode())
    assert bool(links) is shown
    if not community.is_root:
        assert user_can_manage_branch(person or AnonymousUser(), community) is shown
    manage = f"/branches/{community.slug}/manage/"
    if shown:
        assert links == [manage]
        response = client.get(links[0])
        assert response.status_code == 200 and response.context["community"] == community
    else:
        assert client.get(manage).status_code in (302, 403, 404)
