"""The grouped figures equal the hand-counted world of conftest.py."""

import pytest

from insights import sections, tables
from insights.filters import InsightFilterForm, InsightFilters
from meetings.models import Meeting
from members.models import Community, Province, User
from tests.factories import (
    CommunityFactory,
    MeetingFactory,
    RootCommunityFactory,
    SiteVisitFactory,
    SiteVisitOutcomeFactory,
    UserFactory,
)
from tests.insights.helpers import add_attendance, ub

pytestmark = pytest.mark.django_db

ALL = InsightFilters()
# Column order of the coordinators' tables: woman, man, another, undisclosed, not stated.


def rows(section):
    return {r.label: (r.cells, r.total) for r in section.table.rows}


def by_key(section):
    return {r.key: (r.cells, r.total) for r in section.table.rows}


def test_attendance_by_month_uses_ulaanbaatar_months_and_counts_not_stated(world):
    table = sections.attendance_by_month(sections.InsightData(ALL), False).table
    assert [(r.label, r.cells, r.total) for r in table.rows] == [
        ("2026-01", [3, 2, 0, 0, 1], 6),
        ("2026-03", [2, 1, 1, 1, 0], 5),
    ]


def test_attendance_by_month_totals_and_share_of_men(world):
    table = sections.attendance_by_month(sections.InsightData(ALL), False).table
    assert table.totals.cells == [5, 3, 1, 1, 1]
    assert table.totals.total == 11
    assert [r.share_men for r in table.rows] == [33.3, 20.0]
    assert table.totals.share_men == 27.3


def test_attendance_by_level_uses_the_recorded_organisation(world):
    assert by_key(sections.attendance_by_level(sections.InsightData(ALL), False)) == {
        "central": ([3, 2, 0, 1, 0], 6),
        "local": ([2, 1, 0, 0, 1], 4),
        "None": ([0, 0, 1, 0, 0], 1),
    }


def test_attendance_by_organisation(world):
    assert rows(sections.attendance_by_organisation(sections.InsightData(ALL), False)) == {
        "Сангийн яам": ([3, 2, 0, 1, 0], 6),
        "Дорнод аймгийн Засаг даргын Тамгын газар": ([2, 1, 0, 0, 1], 4),
        str(tables.NO_ORGANISATION): ([0, 0, 1, 0, 0], 1),
    }


def test_attendance_by_format_and_province(world):
    assert by_key(sections.attendance_by_format(sections.InsightData(ALL), False)) == {
        Meeting.Format.EXPERT_DISCUSSION: ([2, 1, 1, 1, 0], 5),
        Meeting.Format.TRAINING: ([3, 2, 0, 0, 1], 6),
    }
    assert by_key(sections.attendance_by_province(sections.InsightData(ALL), False)) == {
        Province.ULAANBAATAR: ([3, 2, 0, 0, 1], 6),
        Province.DORNOD: ([2, 1, 1, 1, 0], 5),
    }


def test_cancelled_meetings_are_never_counted(world):
    table = sections.attendance_by_month(sections.InsightData(ALL), False).table
    assert table.totals.cells[1] == 3  # the 5 men of the cancelled meeting are left out


def test_province_filter_keeps_only_that_province(world):
    f = InsightFilters(province=Province.DORNOD)
    assert rows(sections.attendance_by_month(sections.InsightData(f), False)) == {
        "2026-03": ([2, 1, 1, 1, 0], 5)
    }


def test_year_filter_uses_ulaanbaatar_days(world):
    MeetingFactory(starts_at=ub(2026, 1, 1, 1))  # 2025-12-31 17:00 UTC: still 2026 here
    form = InsightFilterForm({"year": "2025"})
    assert form.is_valid()
    assert sections.attendance_by_month(sections.InsightData(form.to_filters()), False).table.rows == []


def test_date_range_filter(world):
    form = InsightFilterForm({"date_from": "2026-02-01", "date_to": "2026-03-31"})
    assert form.is_valid()
    assert list(rows(sections.attendance_by_month(sections.InsightData(form.to_filters()), False))) == [
        "2026-03"
    ]


def test_organisation_and_format_filters(world):
    f = InsightFilters(organisation=world["central"], format=Meeting.Format.TRAINING)
    assert rows(sections.attendance_by_month(sections.InsightData(f), False)) == {
        "2026-01": ([3, 2, 0, 0, 0], 5)
    }


def test_root_community_filter_includes_its_branches(world):
    branch = CommunityFactory(
        parent=RootCommunityFactory(),
    )
    meeting = MeetingFactory(community=branch, starts_at=ub(2026, 4, 2))
    add_attendance(meeting, world["central"], "man", 2)
    root = RootCommunityFactory()
    assert (
        sections.attendance_by_month(
            sections.InsightData(InsightFilters(community=root)), False
        ).table.totals.total
        == 13
    )
    assert (
        sections.attendance_by_month(
            sections.InsightData(InsightFilters(community=branch)), False
        ).table.totals.total
        == 2
    )


def test_members_by_organisation_counts_approved_members_with_and_without_gender(world):
    UserFactory.create_batch(2, organisation=world["central"], gender=User.Gender.WOMAN)
    UserFactory(organisation=world["central"], gender=User.Gender.MAN)
    UserFactory(organisation=world["central"], gender="")
    UserFactory(organisation=world["local"], gender="")
    UserFactory(organisation=world["local"], gender=User.Gender.MAN, status=User.Status.APPLIED)
    assert rows(sections.members_by_organisation(sections.InsightData(ALL), False)) == {
        "Сангийн яам": ([2, 1, 0, 0, 1], 4),
        "Дорнод аймгийн Засаг даргын Тамгын газар": ([0, 0, 0, 0, 1], 1),
    }


def test_growth_counts_members_and_branches_per_year_with_running_totals(world):
    UserFactory(organisation=world["central"], date_joined=ub(2024, 5, 1))
    UserFactory.create_batch(2, organisation=world["central"], date_joined=ub(2026, 1, 1, 2))
    CommunityFactory(parent=RootCommunityFactory(), founded_on="2024-09-01")
    CommunityFactory(parent=RootCommunityFactory(), founded_on="2026-02-01")
    CommunityFactory(parent=RootCommunityFactory(), founded_on="2026-03-01", status=Community.Status.DECLINED)
    table = sections.growth(sections.InsightData(ALL), False).table
    assert [(r.label, r.cells) for r in table.rows] == [
        ("2024", [1, 1, 1, 1]),
        ("2025", [0, 1, 0, 1]),
        ("2026", [2, 3, 1, 2]),
    ]


def test_site_visits_per_province_and_counted_outcomes(world):
    visit = SiteVisitFactory(meeting__province=Province.KHENTII, meeting__starts_at=ub(2026, 6, 1))
    add_attendance(visit.meeting, world["local"], "woman", 4)
    seedlings = {"label_mn": "Суулгац мод", "unit": "ш"}
    SiteVisitOutcomeFactory(visit=visit, quantity=120, **seedlings)
    SiteVisitOutcomeFactory(visit=visit, quantity=100, **seedlings)
    other = SiteVisitFactory(meeting__province=Province.KHENTII, meeting__starts_at=ub(2026, 7, 1))
    SiteVisitOutcomeFactory(visit=other, quantity=30, **seedlings)
    section = sections.site_visits(sections.InsightData(ALL), False)
    assert by_key(section) == {Province.KHENTII: ([2, 4], None)}
    label = f"{Province.KHENTII.label} — Суулгац мод (ш)"
    assert [(r.label, r.cells) for r in section.extra.rows] == [(label, [250, 2])]
