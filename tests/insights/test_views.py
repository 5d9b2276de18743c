"""Permissions, bad input, public aggregates only, CSV exports and fixed query counts."""

import csv
import io
import re

import pytest

from insights.filters import DATE_RANGE_REVERSED
from insights.sections import COORDINATOR_SECTIONS
from meetings.models import Meeting
from members.models import Province
from tests.factories import (
    MeetingFactory,
    OrganisationFactory,
    SiteVisitFactory,
    SiteVisitOutcomeFactory,
    UserFactory,
)
from tests.insights.helpers import add_attendance, ub

pytestmark = pytest.mark.django_db

# Session, user, groups, the filter form's choices and one section's grouped queries.
DASHBOARD_MAX_QUERIES = 9
COORDINATOR_URLS = ["/insights/", "/insights/export/attendance-by-month.csv", "/insights/report/"]


@pytest.mark.parametrize("url", COORDINATOR_URLS)
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("url", COORDINATOR_URLS)
@pytest.mark.parametrize("role", ["member", "applicant"])
def test_members_and_applicants_are_refused(client, request, role, url):
    client.force_login(request.getfixturevalue(role))
    assert client.get(url).status_code == 403


def test_organisation_contact_is_refused(client):
    client.force_login(UserFactory(is_organisation_contact=True))
    assert client.get("/insights/").status_code == 403


@pytest.mark.parametrize("url", COORDINATOR_URLS)
def test_coordinator_is_allowed(client, coordinator, world, url):
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", [None, "member", "coordinator"])
def test_public_page_is_open_to_everyone(client, request, world, role):
    if role:
        client.force_login(request.getfixturevalue(role))
    response = client.get("/insights/public/")
    assert response.status_code == 200
    assert client.get("/insights/public/export/attendance-by-month.csv").status_code == 200


def test_nav_shows_insights_to_coordinators_only(client, coordinator, member):
    client.force_login(member)
    body = client.get("/").content.decode()
    assert "/insights/public/" in body and 'href="/insights/"' not in body
    client.force_login(coordinator)
    assert 'href="/insights/"' in client.get("/").content.decode()


def test_public_page_never_shows_names(client, world):
    person = UserFactory(full_name="Нэрийг Нуух Ёстой", organisation=world["central"])
    add_attendance(world["m1"], world["central"], "woman", 1)
    body = client.get("/insights/public/").content.decode()
    assert person.full_name not in body
    assert "Оролцогч" not in body  # attendance names of walk-ins


def test_public_page_rounds_small_counts_and_says_so(client, world):
    body = client.get("/insights/public/").content.decode()
    assert 'data-testid="rounding-note"' in body and "&lt;5" not in body
    response = client.get("/insights/public/export/attendance-by-month.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    # 2026-01: 3 women, 2 men, 1 not stated (6 in all): each rounded on its own to 0 or 5,
    # the total to 5 or 10; the share of men is worked out from the published figures.
    label, women, men, other, total, share = next(r for r in rows if r[0] == "2026-01")
    assert {women, men, other} <= {"0", "5"} and total in {"5", "10"}
    assert share == f"{100 * int(men) / int(total):.1f}"


def test_public_tables_say_where_they_are_rounded_and_mark_their_totals(client, world, coordinator):
    """The explanation sits above each rounded table, not only in the page's small print, and
    each rounded total carries the sign; the coordinators' exact tables carry neither."""
    body = client.get("/insights/public/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    tables = body.count('data-testid="table-')
    assert tables and body.count('data-testid="rounded-line-') == tables
    assert "rounded-total" in body
    client.force_login(coordinator)
    exact = client.get("/insights/").content.decode()
    assert 'data-testid="table-' in exact
    assert 'data-testid="rounded-line-' not in exact and "rounded-total" not in exact


def test_public_page_accepts_only_the_year_filter(client, world):
    response = client.get("/insights/public/", {"year": "2026", "province": Province.DORNOD})
    assert response.status_code == 200
    assert "2026-01" in response.content.decode()  # the province was ignored


def test_reversed_date_range_is_a_400_with_a_message(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/insights/", {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert response.status_code == 400
    assert str(DATE_RANGE_REVERSED) in response.content.decode()


@pytest.mark.parametrize("params", [{"year": "abc"}, {"organisation": "999999"}, {"format": "party"}])
def test_bad_filter_values_are_400(client, coordinator, params):
    client.force_login(coordinator)
    assert client.get("/insights/", params).status_code == 400
    assert client.get("/insights/export/growth.csv", params).status_code == 400


def test_unknown_export_section_is_404(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/insights/export/salaries.csv").status_code == 404
    assert client.get("/insights/public/export/growth.csv").status_code == 404  # not public


def test_csv_starts_with_a_bom_and_keeps_mongolian_text(client, coordinator, world):
    client.force_login(coordinator)
    response = client.get("/insights/export/attendance-by-organisation.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["Сангийн яам", "3", "2", "0", "1", "0", "6", "33.3"] in rows


def test_csv_follows_the_filters(client, coordinator, world):
    client.force_login(coordinator)
    response = client.get("/insights/export/attendance-by-month.csv", {"province": Province.DORNOD})
    text = response.content.decode("utf-8-sig")
    assert "2026-03" in text and "2026-01" not in text


def test_page_has_accessible_charts_and_tables(client, coordinator, world):
    client.force_login(coordinator)
    charts = 0
    for slug in COORDINATOR_SECTIONS:
        body = client.get("/insights/", {"section": slug}).content.decode()
        assert f'data-testid="table-{slug}"' in body
        charts += body.count('role="img"')
    assert charts >= 6
    body = client.get("/insights/").content.decode()
    assert "<title id=" in body
    assert 'data-testid="table-attendance-by-month"' in body


def test_annual_report_is_for_one_year(client, coordinator, world):
    MeetingFactory(starts_at=ub(2025, 6, 1))
    client.force_login(coordinator)
    body = client.get("/insights/report/", {"year": "2026"}).content.decode()
    assert "2026-01" in body and "2025-06" not in body
    assert "insights.css" in body


def _grow(rows: int):
    """``rows`` attendance records over many meetings, organisations, provinces and visits."""
    orgs = OrganisationFactory.create_batch(3)
    provinces = [Province.ULAANBAATAR, Province.DORNOD, Province.KHENTII]
    meetings = [
        MeetingFactory(starts_at=ub(2025 + i % 2, 1 + i % 12, 5), province=provinces[i % 3], format=fmt)
        for i, fmt in enumerate([Meeting.Format.TRAINING, Meeting.Format.GENDER_AUDIT] * 3)
    ]
    genders = ["woman", "man", "", "another"]
    per = max(rows // (len(meetings) * len(genders)), 1)
    for i, meeting in enumerate(meetings):
        for g in genders:
            add_attendance(meeting, orgs[i % 3], g, per)
    visit = SiteVisitFactory(meeting__province=Province.DORNOD)
    SiteVisitOutcomeFactory.create_batch(2, visit=visit)
    UserFactory.create_batch(3, organisation=orgs[0])


@pytest.mark.parametrize("rows", [10, 1000])
def test_dashboard_query_count_is_fixed(client, coordinator, django_assert_max_num_queries, rows):
    _grow(rows)
    client.force_login(coordinator)
    for slug in [*COORDINATOR_SECTIONS, "election-turnout"]:
        with django_assert_max_num_queries(DASHBOARD_MAX_QUERIES):
            response = client.get("/insights/", {"province": Province.DORNOD, "section": slug, "all": "1"})
        assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 1000])
def test_public_page_query_count_is_fixed(client, django_assert_max_num_queries, rows):
    _grow(rows)
    # Attendance by meeting (1), by organisation (2), members by organisation (1).
    with django_assert_max_num_queries(4):
        assert client.get("/insights/public/").status_code == 200


@pytest.mark.parametrize("rows", [10, 1000])
def test_report_and_export_query_counts_are_fixed(client, coordinator, django_assert_max_num_queries, rows):
    _grow(rows)
    client.force_login(coordinator)
    with django_assert_max_num_queries(11):
        assert client.get("/insights/report/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/insights/export/site-visits.csv").status_code == 200


def test_public_charts_show_only_published_figures(client, world):
    body = client.get("/insights/public/").content.decode()
    chart = body.split('data-testid="chart-attendance-by-level"')[1].split("</svg>")[0]
    # Local government: 2 women, 1 man, 1 not stated: neither the counts nor the total of 4.
    assert not re.search(r": [1-4]</title>|>[1-4]</text>", chart)


def test_public_page_bad_year_is_400(client):
    response = client.get("/insights/public/", {"year": "soon"})
    assert response.status_code == 400
    assert client.get("/insights/public/export/attendance-by-month.csv", {"year": "1"}).status_code == 400


def test_root_community_is_offered_first_in_the_filter(client, coordinator, world):
    from tests.factories import CommunityFactory, RootCommunityFactory

    CommunityFactory(parent=RootCommunityFactory(), name_mn="Аа салбар")
    root = RootCommunityFactory()
    client.force_login(coordinator)
    body = client.get("/insights/").content.decode()
    assert body.index(root.name_mn) < body.index("Аа салбар")


def test_csv_never_starts_a_cell_with_a_formula(client, coordinator, world):
    world["central"].name_mn = "=HYPERLINK(1)"
    world["central"].save()
    client.force_login(coordinator)
    text = client.get("/insights/export/attendance-by-organisation.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text
    assert "\n=HYPERLINK" not in text.replace("\r", "")
