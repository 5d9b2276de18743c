"""The branch page: who runs it, its members as the directory shows them, its meetings,
materials, minutes and the year's activity with small groups merged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.models import Material, Meeting
from members.models import CommunityOrganiser, User
from tests.factories import (
    ApplicantFactory,
    AttendanceFactory,
    CommunityFactory,
    MeetingFactory,
    PastMeetingFactory,
    RootCommunityFactory,
    SiteVisitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch():
    focal = UserFactory(full_name="Төвлөрөл Хүн")
    community = CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)
    community.members.add(focal)
    return community


def _url(community, **query):
    url = reverse("branches:community-detail", kwargs={"slug": community.slug})
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def test_visitor_sees_hosts_runners_and_meetings_but_not_members(client, branch):
    organiser = UserFactory(full_name="Туслах Зохион")
    CommunityOrganiser.objects.create(community=branch, user=organiser)
    sub = CommunityFactory(parent=branch)
    MeetingFactory(community=branch, title_en="Own upcoming", title_mn="Өөрийн удахгүй")
    MeetingFactory(community=sub, title_mn="Дэд салбарын уулзалт")
    MeetingFactory(community=RootCommunityFactory(), title_mn="Бусад уулзалт")
    MeetingFactory(
        community=branch, status=Meeting.Status.DRAFT, title_mn="Ноорог уулзалт", published_at=None
    )
    body = client.get(_url(branch)).content.decode()
    assert "Төвлөрөл Хүн" in body and "Туслах Зохион" in body
    assert branch.host_organisation.name in body
    assert "Өөрийн удахгүй" in body and "Дэд салбарын уулзалт" in body
    assert "Бусад уулзалт" not in body and "Ноорог уулзалт" not in body
    assert 'data-testid="community-members"' not in body
    assert 'data-testid="branch-activity"' not in body
    assert reverse("branches:branch-calendar", kwargs={"slug": branch.slug}) in body


def test_members_list_follows_the_directory_rules(client, branch):
    shown = UserFactory(full_name="Харагдах Гишүүн", contact_visible=True, email="shown@example.mn")
    quiet = UserFactory(full_name="Нууц Гишүүн", email="quiet@example.mn")
    applicant = ApplicantFactory(full_name="Өргөдөлтэй Хүн")
    closed = UserFactory(full_name="Хаагдсан Хүн", is_active=False)
    branch.members.add(shown, quiet, applicant, closed)
    client.force_login(quiet)
    body = client.get(_url(branch)).content.decode()
    assert "Харагдах Гишүүн" in body and "shown@example.mn" in body
    assert "Нууц Гишүүн" in body and "quiet@example.mn" not in body
    assert "Өргөдөлтэй Хүн" not in body and "Хаагдсан Хүн" not in body


def test_follow_and_leave_buttons(client, branch):
    person = UserFactory()
    client.force_login(person)
    body = client.get(_url(branch)).content.decode()
    assert 'data-testid="join"' in body and 'data-testid="leave"' not in body
    client.post(reverse("branches:community-join", kwargs={"slug": branch.slug}))
    body = client.get(_url(branch)).content.decode()
    assert 'data-testid="leave"' in body and 'data-testid="join"' not in body


def test_members_only_materials_only_for_members(client, branch, tmp_path):
    meeting = PastMeetingFactory(community=branch)
    Material.objects.create(meeting=meeting, title="Нийтийн материал", file="meetings/materials/a.pdf")
    Material.objects.create(
        meeting=meeting, title="Гишүүдийн материал", file="meetings/materials/b.pdf", members_only=True
    )
    body = client.get(_url(branch)).content.decode()
    assert "Нийтийн материал" in body and "Гишүүдийн материал" not in body
    client.force_login(UserFactory())
    body = client.get(_url(branch)).content.decode()
    assert "Гишүүдийн материал" in body


def test_published_minutes_are_linked(client, branch):
    PastMeetingFactory(
        community=branch, minutes_mn="Тэмдэглэл", minutes_published_at=timezone.now(), title_mn="Тэмдэглэлтэй"
    )
    PastMeetingFactory(community=branch, title_mn="Тэмдэглэлгүй")
    body = client.get(_url(branch)).content.decode()
    assert body.count('data-testid="minutes"') == 1


def test_manage_link_only_for_the_branch_managers(client, branch, settings):
    client.force_login(UserFactory())
    assert 'data-testid="manage"' not in client.get(_url(branch)).content.decode()
    client.force_login(branch.focal_person)
    response = client.get(_url(branch))
    assert response.context["can_manage"] is True
    expected = reverse("branches:branch-manage", kwargs={"slug": branch.slug})
    assert response.context["manage_url"] == expected
    assert f'href="{expected}" data-testid="manage"' in response.content.decode()


def _attend(meeting, n, *, gender, level_kind=None):
    from tests.factories import OrganisationFactory

    org = OrganisationFactory(kind=level_kind) if level_kind else None
    for _ in range(n):
        user = UserFactory(gender=gender, **({"organisation": org} if org else {}))
        AttendanceFactory(meeting=meeting, user=user, gender=gender)


def test_activity_merges_small_groups_and_never_reveals_them(client, branch):
    follower = UserFactory()
    branch.members.add(follower)
    meeting = PastMeetingFactory(community=branch, starts_at=timezone.now() - dt.timedelta(hours=5))
    _attend(meeting, 7, gender=User.Gender.WOMAN)
    _attend(meeting, 2, gender=User.Gender.MAN)
    SiteVisitFactory(meeting__community=branch, meeting__starts_at=timezone.now() - dt.timedelta(hours=3))
    client.force_login(follower)
    response = client.get(_url(branch))
    activity = response.context["branch"]["activity"]
    gender = activity.by_gender
    # 2 men would be a hidden group: merged with the women, nothing by gender is left to read.
    assert gender.rows == [] and gender.other == 9 and gender.total == 9
    assert activity.meetings == 2 and activity.visits == 1
    body = response.content.decode()
    assert ">2<" not in body.split('data-testid="by-gender"')[1].split("</div>")[0]


def test_activity_is_for_the_branch_people_only(client, branch):
    client.force_login(UserFactory())
    assert client.get(_url(branch)).context["branch"]["activity"] is None
    client.force_login(branch.focal_person)
    assert client.get(_url(branch)).context["branch"]["activity"] is not None


def test_page_reads_in_english(client, branch):
    person = UserFactory(preferred_language="en")
    branch.members.add(person)
    _attend(PastMeetingFactory(community=branch), 5, gender=User.Gender.WOMAN)
    client.force_login(person)
    body = client.get(_url(branch)).content.decode()
    assert "Leave this CoP</a>" in body and "Activity in" in body and "Attendance by gender" in body
    assert "Past meetings" in body and "iCalendar feed" in body
