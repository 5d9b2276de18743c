"""The branch page and its feed have a fixed SQL query budget, at 10 and at 500 rows of
meetings, attendance, materials, members and sub-branches."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance, Material, Meeting
from members.models import Community, CommunityMembership, CommunityOrganiser, User
from tests.factories import CommunityFactory, OrganisationFactory, RootCommunityFactory, UserFactory

pytestmark = pytest.mark.django_db

SIZES = [10, 500]


def _world(rows: int) -> tuple[Community, User, User]:
    focal = UserFactory()
    branch = CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)
    subs = Community.objects.bulk_create(
        Community(name_mn=f"Дэд {i}", name_en=f"Sub {i}", slug=f"sub-{i}", parent=branch, status="approved")
        for i in range(rows // 10 + 1)
    )
    org = OrganisationFactory()
    people = User.objects.bulk_create(
        User(
            email=f"bp{i}@example.mn",
            full_name=f"Хүн {i}",
            organisation=org,
            status="approved",
            gender="woman" if i % 3 else "man",
            contact_visible=bool(i % 2),
        )
        for i in range(rows)
    )
    CommunityMembership.objects.bulk_create(CommunityMembership(community=branch, user=p) for p in people)
    CommunityOrganiser.objects.bulk_create(CommunityOrganiser(community=branch, user=p) for p in people[:3])
    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        Meeting(
            title_mn=f"Уулзалт {i}",
            community=(branch, *subs)[i % (len(subs) + 1)],
            starts_at=now + dt.timedelta(days=i - rows // 2),
            ends_at=now + dt.timedelta(days=i - rows // 2, hours=2),
            status="published",
            published_at=now,
            format="training" if i % 2 else "site_visit",
        )
        for i in range(rows)
    )
    Material.objects.bulk_create(
        Material(meeting=m, title=f"Материал {i}", file="meetings/materials/x.pdf", members_only=bool(i % 2))
        for i, m in enumerate(meetings)
    )
    past = [m for m in meetings if m.starts_at < now]
    Attendance.objects.bulk_create(
        Attendance(meeting=past[i % len(past)], user=p, organisation=org, gender=p.gender)
        for i, p in enumerate(people)
    )
    branch.members.add(focal)
    return branch, focal, people[0]


def _get(client, url, budget, assert_max):
    with assert_max(budget):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("rows", SIZES)
def test_branch_page_queries_for_a_visitor(client, rows, django_assert_max_num_queries):
    branch, _focal, _person = _world(rows)
    # The CoP, its co-organisers, the sub-branch ids; upcoming, past and materials (count + page each).
    _get(client, branch.get_absolute_url() + "?past=2&materials=2", 9, django_assert_max_num_queries)


@pytest.mark.parametrize("rows", SIZES)
def test_branch_page_queries_for_a_follower(client, rows, django_assert_max_num_queries):
    branch, _focal, person = _world(rows)
    client.force_login(person)
    # A visitor's, plus session and user, whether they follow, who runs the branch (2: the
    # coordinators' group, the co-organisers), the members (count + page) and the year's
    # activity (years, formats, gender, level, visits).
    _get(client, branch.get_absolute_url() + "?page=2&past=2", 21, django_assert_max_num_queries)


@pytest.mark.parametrize("rows", SIZES)
def test_branch_feed_queries(client, rows, django_assert_max_num_queries):
    branch, _focal, _person = _world(rows)
    cache.clear()
    url = reverse("branches:branch-calendar", kwargs={"slug": branch.slug})
    _get(client, url, 3, django_assert_max_num_queries)
    # Served from the cache: the CoP only.
    _get(client, url, 1, django_assert_max_num_queries)
