"""The CoP filter of the insights: a branch counts its own meetings and members and those of
every branch below it, however deep; the root counts everything."""

import pytest

from insights import sections
from insights.filters import InsightFilterForm, InsightFilters
from members.models import CommunityMembership
from tests.factories import CommunityFactory, MeetingFactory, RootCommunityFactory, UserFactory
from tests.insights.helpers import add_attendance, ub

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    root = RootCommunityFactory()
    province = CommunityFactory(parent=root)
    soum = CommunityFactory(parent=province)
    village = CommunityFactory(parent=soum)
    sibling = CommunityFactory(parent=root)
    for community, people in ((root, 1), (province, 2), (soum, 3), (village, 4), (sibling, 5)):
        meeting = MeetingFactory(community=community, starts_at=ub(2026, 4, 2))
        add_attendance(meeting, community.host_organisation, "woman", people)
    return {"root": root, "province": province, "soum": soum, "village": village, "sibling": sibling}


def _attendance(community) -> int:
    data = sections.InsightData(InsightFilters(community=community))
    return sections.attendance_by_month(data, False).table.totals.total


def test_a_branch_counts_every_branch_below_it(tree):
    assert _attendance(tree["province"]) == 2 + 3 + 4
    assert _attendance(tree["soum"]) == 3 + 4
    assert _attendance(tree["village"]) == 4
    assert _attendance(tree["sibling"]) == 5
    assert _attendance(tree["root"]) == 1 + 2 + 3 + 4 + 5


def test_members_of_the_subtree_count_once(tree):
    person = UserFactory()
    CommunityMembership.objects.create(community=tree["soum"], user=person)
    CommunityMembership.objects.create(community=tree["village"], user=person)
    CommunityMembership.objects.create(community=tree["sibling"], user=UserFactory())
    f = InsightFilters(community=tree["province"])
    rows = sections.members_by_organisation(sections.InsightData(f), False).table
    assert rows.totals.total == 1


def test_the_form_offers_branches_and_reads_the_subtree_once(tree, django_assert_num_queries):
    form = InsightFilterForm({"community": tree["province"].pk})
    assert form.is_valid(), form.errors
    filters = form.to_filters()
    with django_assert_num_queries(1):
        assert filters.community_ids == {tree["province"].pk, tree["soum"].pk, tree["village"].pk}
        assert filters.meeting_kwargs()["communities"] is filters.member_kwargs()["communities"]
