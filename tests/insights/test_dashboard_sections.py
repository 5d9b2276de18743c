"""The coordinators' page shows one section at a time; long tables by organisation show their
largest rows with a link to all of them; the CSV keeps every row."""

import csv
import io
import re

import pytest

from insights import dashboard
from meetings import services
from members.models import Province
from tests.factories import MeetingFactory, OrganisationFactory
from tests.insights.helpers import add_attendance, ub

pytestmark = pytest.mark.django_db

MANY = dashboard.TOP_ROWS + 5


@pytest.fixture
def many_organisations(db):
    """MANY organisations; organisation i has i + 1 women at one meeting in Dornod."""
    meeting = MeetingFactory(starts_at=ub(2026, 2, 10), province=Province.DORNOD)
    orgs = [OrganisationFactory(name_mn=f"Туршилтын газар {i:02d}") for i in range(MANY)]
    for i, org in enumerate(orgs):
        add_attendance(meeting, org, "woman", i + 1)
    return orgs


def _table(body: str, slug: str) -> str:
    return body.split(f'data-testid="table-{slug}"', 1)[1].split("</table>", 1)[0]


def test_the_page_shows_one_section_and_tabs_to_the_others(client, coordinator, world):
    client.force_login(coordinator)
    body = client.get("/insights/").content.decode()
    assert 'data-testid="table-attendance-by-month"' in body
    assert 'data-testid="table-attendance-by-organisation"' not in body
    assert 'data-testid="election-turnout"' not in body
    for slug in dashboard.tab_slugs():
        assert f"section={slug}" in body
    body = client.get("/insights/", {"section": "growth"}).content.decode()
    assert 'data-testid="table-growth"' in body
    assert 'data-testid="table-attendance-by-month"' not in body


def test_tabs_and_exports_keep_the_filters(client, coordinator, world):
    client.force_login(coordinator)
    body = client.get("/insights/", {"province": Province.DORNOD, "section": "attendance-by-level"})
    body = body.content.decode()
    assert "?province=dornod&amp;section=growth" in body
    assert "/insights/export/attendance-by-level.csv?province=dornod" in body
    assert "section=attendance-by-level.csv" not in body  # the page's own parameter stays out
    # Applying the filters stays on the section (a hidden field in the form).
    assert '<input type="hidden" name="section" value="attendance-by-level">' in body


def test_unknown_section_is_404_and_bad_filters_still_400(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/insights/", {"section": "salaries"}).status_code == 404
    assert client.get("/insights/", {"section": "growth", "year": "abc"}).status_code == 400


def test_long_table_shows_the_largest_rows_and_links_to_all(client, coordinator, many_organisations):
    client.force_login(coordinator)
    body = client.get("/insights/", {"section": "attendance-by-organisation"}).content.decode()
    table = _table(body, "attendance-by-organisation")
    shown = re.findall(r"Туршилтын газар (\d\d)", table)
    # The TOP_ROWS largest (organisation i has i + 1 people), largest first.
    assert shown == [f"{i:02d}" for i in range(MANY - 1, MANY - 1 - dashboard.TOP_ROWS, -1)]
    total = sum(range(1, MANY + 1))
    assert f">{total}<" in table.split("<tfoot>", 1)[1]  # the totals row counts every organisation
    link = re.search(r'href="\?([^"]+)" data-testid="insights-show-all"', body).group(1)
    full = client.get("/insights/?" + link.replace("&amp;", "&")).content.decode()
    assert len(re.findall(r"Туршилтын газар \d\d", _table(full, "attendance-by-organisation"))) == MANY
    chart = full.split('data-testid="chart-attendance-by-organisation"', 1)[1].split("</svg>", 1)[0]
    assert len(set(re.findall(r"Туршилтын газар \d\d", chart))) == dashboard.TOP_ROWS


def test_short_tables_are_not_trimmed(client, coordinator, world):
    client.force_login(coordinator)
    body = client.get("/insights/", {"section": "attendance-by-organisation"}).content.decode()
    assert 'data-testid="insights-trimmed"' not in body


def test_csv_keeps_every_row_of_a_trimmed_table(client, coordinator, many_organisations):
    client.force_login(coordinator)
    response = client.get("/insights/export/attendance-by-organisation.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len([r for r in rows if r and r[0].startswith("Туршилтын газар")]) == MANY


def test_a_section_is_built_once_until_attendance_changes_and_an_edit_shows_at_once(
    client, coordinator, world, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    params = {"section": "attendance-by-format"}
    client.get("/insights/", params)
    # Session, user, coordinator check: the section (figures and rendering) and the filter
    # form with its lists of choices come from the cache, no grouped query.
    with django_assert_max_num_queries(3):
        body = client.get("/insights/", params).content.decode()
    before = _table(body, "attendance-by-format").split("<tfoot>", 1)[1]
    meeting = MeetingFactory(starts_at=ub(2026, 2, 20))
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(7):
            services.attendance_add_walk_in(
                meeting=meeting, actor=coordinator, full_name=f"Зочин {i}", gender="woman"
            )
    after = _table(client.get("/insights/", params).content.decode(), "attendance-by-format")
    assert after.split("<tfoot>", 1)[1] != before
