"""The dashboard shows election turnout by gender and level from the snapshot taken at close."""

import pytest

from tests.factories import ElectionFactory

pytestmark = pytest.mark.django_db

SNAPSHOT = {
    "eligible": 40,
    "voted": 30,
    "by_gender": [
        {"key": "woman", "eligible": 25, "voted": 21},
        {"key": "man", "eligible": 12, "voted": 7},
        {"key": "", "eligible": 3, "voted": 2},
    ],
    "by_level": [
        {"key": "central", "eligible": 22, "voted": 18},
        {"key": "local", "eligible": 18, "voted": 12},
    ],
}


def _rows(html):
    table = html.split('data-testid="election-turnout"', 1)[1].split("</table>", 1)[0]
    return [" ".join(r.split()) for r in table.split("<tr")[2:]]


def test_dashboard_shows_turnout_overall_by_gender_and_level(client, coordinator):
    ElectionFactory(year=2025, turnout=SNAPSHOT)
    ElectionFactory(year=2026)  # still nominating: no snapshot, not shown
    client.cookies["django_language"] = "en"
    client.force_login(coordinator)
    html = client.get("/insights/", {"section": "election-turnout"}).content.decode()
    rows = _rows(html)
    assert len(rows) == 6
    assert "2025" in rows[0] and ">40<" in rows[0] and ">30<" in rows[0] and "75%" in rows[0]
    assert "Woman" in rows[1] and "84%" in rows[1]
    assert "Man" in rows[2] and "58%" in rows[2]
    assert "Not stated" in rows[3] and "67%" in rows[3]
    assert "Central government" in rows[4] and "82%" in rows[4]
    assert "Local government" in rows[5] and "67%" in rows[5]
    assert not any(">2026<" in r for r in rows)


def test_public_page_has_no_election_turnout_table(client):
    ElectionFactory(year=2025, turnout=SNAPSHOT)
    assert 'data-testid="election-turnout"' not in client.get("/insights/public/").content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_turnout_adds_one_query_whatever_the_number_of_elections(
    client, coordinator, django_assert_num_queries, count
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    client.get("/insights/", {"section": "election-turnout"})
    cache.clear()  # both measured requests build the section (it is cached until the turnout changes)
    with CaptureQueriesContext(connection) as before:
        client.get("/insights/", {"section": "election-turnout"})
    for i in range(count):
        ElectionFactory(year=2000 + i, turnout=SNAPSHOT)
    cache.clear()
    with django_assert_num_queries(len(before.captured_queries)):
        client.get("/insights/", {"section": "election-turnout"})


def test_election_page_and_dashboard_share_one_turnout_helper():
    from coordinators.selectors import turnout_table

    page = turnout_table(SNAPSHOT)
    dashboard = turnout_table(SNAPSHOT, ndigits=None)
    assert page["overall"]["rate"] == 75.0 and dashboard["overall"]["rate"] == 75
    assert [r["rate"] for r in page["by_gender"]] == [84.0, 58.3, 66.7]
    assert [r["rate"] for r in dashboard["by_gender"]] == [84, 58, 67]
    assert turnout_table({}) == {}
    assert turnout_table({**SNAPSHOT, "eligible": 0})["overall"]["rate"] is None
