"""The coordinators' branch network page (/insights/network/): who sees it, which branches are
flagged quiet, and its SQL bounded at two data sizes."""

import datetime as dt

import pytest
from django.utils import timezone

from branches import selectors
from meetings.models import Meeting
from members.models import Community, CommunityMembership
from tests.factories import CommunityFactory, MeetingFactory, RootCommunityFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/insights/network/"
LONG_AGO = timezone.now() - dt.timedelta(days=400)


def branch(**kwargs) -> Community:
    """An approved branch, approved long enough ago to be judged."""
    return CommunityFactory(parent=RootCommunityFactory(), decided_at=LONG_AGO, **kwargs)


def held(community, days_ago: int, **kwargs) -> Meeting:
    return MeetingFactory(
        community=community, starts_at=timezone.now() - dt.timedelta(days=days_ago), **kwargs
    )


def test_only_coordinators_see_it(client, member, coordinator):
    focal = UserFactory()
    branch(focal_person=focal)
    assert client.get(URL).status_code == 302
    for person in (member, focal):
        client.force_login(person)
        assert client.get(URL).status_code == 403
    client.force_login(coordinator)
    assert client.get(URL).status_code == 200


def test_figures_and_quiet_flags():
    active = branch(name_en="Active")
    held(active, 30)
    held(active, 200)
    held(active, 500)  # outside the 12 months
    upcoming = MeetingFactory(community=active, starts_at=timezone.now() + dt.timedelta(days=9))
    CommunityMembership.objects.bulk_create(
        CommunityMembership(community=active, user=UserFactory()) for _ in range(3)
    )
    stale = branch(name_en="Stale")
    held(stale, 120)
    held(stale, 20, status=Meeting.Status.CANCELLED, cancellation_reason="Цас")
    held(stale, 10, status=Meeting.Status.DRAFT)
    never = branch(name_en="Never")
    young = CommunityFactory(parent=RootCommunityFactory(), decided_at=timezone.now() - dt.timedelta(days=20))
    CommunityFactory(parent=RootCommunityFactory(), status=Community.Status.PENDING)

    rows = {c.pk: c for c in selectors.branch_network()}
    assert set(rows) == {active.pk, stale.pk, never.pk, young.pk}
    assert (rows[active.pk].member_count, rows[active.pk].meetings_last_year) == (3, 2)
    assert rows[active.pk].next_meeting_at == upcoming.starts_at
    assert rows[stale.pk].meetings_last_year == 1
    flagged = {pk for pk, c in rows.items() if c.is_inactive}
    assert flagged == {stale.pk, never.pk}
    assert [c.pk for c in selectors.branch_inactive_list()] == [never.pk, stale.pk]


def test_page_shows_the_flags(client, coordinator):
    quiet = branch(name_mn="Чимээгүй салбар")
    lively = branch(name_mn="Идэвхтэй салбар")
    held(lively, 5)
    client.force_login(coordinator)
    body = client.get(URL).content.decode()
    assert body.count('data-quiet="1"') == 1
    only_quiet = client.get(URL, {"quiet": "1"}).content.decode()
    assert quiet.name_mn in only_quiet and lively.name_mn not in only_quiet


@pytest.mark.parametrize("size", [3, 40])
def test_queries_are_bounded(client, coordinator, django_assert_max_num_queries, size):
    root = RootCommunityFactory()
    people = UserFactory.create_batch(3)
    for i in range(size):
        community = CommunityFactory(parent=root, decided_at=LONG_AGO, focal_person=people[i % 3])
        held(community, 10 + i)
        MeetingFactory(community=community)
        CommunityMembership.objects.bulk_create(
            CommunityMembership(community=community, user=p) for p in people
        )
    client.force_login(coordinator)
    client.get(URL)  # warm the session and the coordinator lookup
    with django_assert_max_num_queries(5):
        response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["branches"]) == min(size, 25)
