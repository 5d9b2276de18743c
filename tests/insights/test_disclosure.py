"""Disclosure control of the public insights (cop_portal/disclosure.py): keyed rounding to base 5.

The solver tests read everything the public page offers (every public section's CSV, for all
time and for every year with data: the page shows nothing else, and the tests below check that
its tables and charts carry the same values as the CSVs), plus each public meeting page's
headcount as a visitor reads it, and hand it to an exact attacker (``disclosure_solver``). *Recovered* means: given every published figure, the public rounding
rule (0 → 0..4, p > 0 → p−4..p+4) and every linear equality a reader knows between the true
values, exactly one value is feasible for the cell. No true count of 1 to 4 may be recovered,
on the demo data and on seeded random data with many small cells.
"""

import csv
import html
import io
import random
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from cop_portal import disclosure
from insights import tables
from insights.sections import PUBLIC_SECTIONS
from meetings.models import Meeting
from members.models import Level, Organisation, Province, User
from tests.disclosure_solver import BIG, Solver
from tests.factories import MeetingFactory, OrganisationFactory, UserFactory
from tests.insights.helpers import UB, add_attendance, ub

DIMENSION = {
    "attendance-by-month": "month",
    "attendance-by-level": "level",
    "attendance-by-format": "format",
    "attendance-by-province": "province",
    "attendance-by-organisation": "organisation",
    "members-by-organisation": "members",
}
GENDERS = ["W", "M", "O"]  # the public columns: women, men, another identity or not stated
ALL = "all"


def _csv(client, slug: str, year) -> tuple[list[tuple[str, list[int]]], list[int]]:
    params = {"year": year} if year != ALL else {}
    response = client.get(f"/insights/public/export/{slug}.csv", params)
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[2:]

    def values(line):
        return [int(v) for v in line[1:5]]

    return [(line[0], values(line)) for line in lines[:-1]], values(lines[-1])


def collect(client, periods: list) -> dict:
    """{(period, section): (body rows, totals)} of every public CSV."""
    return {(p, slug): _csv(client, slug, p) for p in periods for slug in PUBLIC_SECTIONS}


def _var(period, slug: str, label: str, column: str) -> tuple:
    dim = DIMENSION[slug]
    if dim == "month":
        return ("attendance", "month", label, column)
    measure = "members" if dim == "members" else "attendance"
    return (measure, period, dim, label, column)


def _total(period, slug: str, column: str) -> tuple:
    return ("members" if slug.startswith("members") else "attendance", period, "*", column)


ZERO = ("zero",)


def attack(published: dict, exact: dict, periods: list) -> tuple[Solver, dict]:
    """The attacker's system from the published figures; the truth of each of its unknowns."""
    solver, truth = Solver(), {ZERO: 0}
    solver.bound(ZERO, 0, 0)
    for key, (rows, totals) in published.items():
        period, slug = key
        exact_rows, exact_totals = exact[key]
        assert [label for label, _v in rows] == [label for label, _v in exact_rows]
        for (label, values), (_l, true_values) in zip(rows, exact_rows, strict=True):
            names = [_var(period, slug, label, c) for c in [*GENDERS, "T"]]
            for name, value, true in zip(names, values, true_values, strict=True):
                solver.observe(name, value)
                truth[name] = true
            solver.bound(names[-1], 1, BIG)  # a row is listed only when someone is in it
            solver.sum_equals(names[-1], names[:-1])
        names = [_total(period, slug, c) for c in [*GENDERS, "T"]]
        for i, (name, value, true) in enumerate(zip(names, totals, exact_totals, strict=True)):
            solver.observe(name, value)
            truth[name] = true
            column = [*GENDERS, "T"][i]
            solver.sum_equals(name, [_var(period, slug, label, column) for label, _v in rows])
        solver.sum_equals(names[-1], names[:-1])
    years = [p for p in periods if p != ALL]
    for slug in PUBLIC_SECTIONS:
        labels = [label for label, _v in published[(ALL, slug)][0]]
        present = {y: {label for label, _v in published[(y, slug)][0]} for y in years}
        for column in [*GENDERS, "T"]:

            def in_year(y, label, column=column, slug=slug, present=present):
                return _var(y, slug, label, column) if label in present[y] else ZERO

            if DIMENSION[slug] == "members":  # as at the end of each year: the year before + newcomers
                steps = [*years, ALL]
                for before, after in zip(steps, steps[1:], strict=False):
                    for label in labels:
                        old = in_year(before, label)
                        new = _var(after, slug, label, column) if after == ALL else in_year(after, label)
                        joined = ("joined", after, label, column)
                        solver.sum_equals(new, [old, joined])
            elif DIMENSION[slug] != "month":  # all time is the sum of the years
                for label in labels:
                    solver.sum_equals(_var(ALL, slug, label, column), [in_year(y, label) for y in years])
                total = _total(ALL, slug, column)
                solver.sum_equals(total, [_total(y, slug, column) for y in years])
    return solver, truth


ATTENDED = re.compile(r'data-testid="attendance-count"(?: data-rounded="(\w+)")?>\D*(\d+)\D*<')


def add_meeting_pages(client, solver: Solver, truth: dict) -> None:
    """What the public meeting pages add: each past meeting's headcount ("Attended", as a
    visitor reads it: rounded like the public figures, or exact if the page shows it so),
    its month, format and province. Its people by gender are unknowns of the attacker (and
    secrets too: a meeting's 1 to 4 women must not be recovered either)."""
    sums: dict = {}
    with translation.override("mn"):
        for meeting in Meeting.objects.exclude(status=Meeting.Status.CANCELLED):
            page = client.get(meeting.get_absolute_url()).content.decode()
            shown = ATTENDED.search(page)  # past meetings
            names = [("meeting", meeting.pk, g) for g in GENDERS]
            truth[("meeting", meeting.pk, "T")] = meeting.attendances.count()
            if shown and shown.group(1) == "true":
                solver.observe(("meeting", meeting.pk, "T"), int(shown.group(2)))
            elif shown:
                solver.bound(("meeting", meeting.pk, "T"), int(shown.group(2)), int(shown.group(2)))
            solver.sum_equals(("meeting", meeting.pk, "T"), names)
            genders = list(meeting.attendances.values_list("gender", flat=True))
            for name, g in zip(names, GENDERS, strict=True):
                truth[name] = sum(1 for x in genders if {"woman": "W", "man": "M"}.get(x, "O") == g)
            local = meeting.starts_at.astimezone(UB)
            for name, g in zip(names, GENDERS, strict=True):
                sums.setdefault(("attendance", "month", local.strftime("%Y-%m"), g), []).append(name)
                for period in (ALL, local.year):
                    for dim, label in (
                        ("format", tables.format_label(meeting.format)),
                        ("province", tables.province_label(meeting.province)),
                    ):
                        sums.setdefault(("attendance", period, dim, label, g), []).append(name)
    for name, parts in sums.items():
        solver.sum_equals(name if name in truth else ZERO, parts)


def attack_with_pages(client, monkeypatch, periods: list, meeting_pages: bool = True) -> tuple[Solver, dict]:
    published = collect(client, periods)
    with monkeypatch.context() as m:
        m.setattr(disclosure, "publish", lambda identity, value: value)
        exact = collect(client, periods)
    solver, truth = attack(published, exact, periods)
    if meeting_pages:
        add_meeting_pages(client, solver, truth)
    return solver, truth


def recovered_small_counts(
    client, monkeypatch, periods: list, meeting_pages: bool = True
) -> tuple[list, int]:
    solver, truth = attack_with_pages(client, monkeypatch, periods, meeting_pages)
    targets = [name for name, value in truth.items() if 1 <= value <= 4]
    return solver.recovered(truth, targets), len(targets)


def _years_with_data() -> list[int]:
    """Every year from the first to the last with attendance or a member joining (the filter
    takes any year; one outside this span shows empty tables, checked below)."""
    meetings = Meeting.objects.filter(attendances__isnull=False).values_list("starts_at", flat=True)
    joined = User.objects.values_list("date_joined", flat=True)
    years = {d.astimezone(UB).year for d in [*meetings, *joined]}
    return list(range(min(years), max(years) + 1))


def random_world(seed: int) -> None:
    """Organisations, meetings over three years and members, with mostly small counts."""
    rng = random.Random(seed)
    levels = [Level.CENTRAL, Level.LOCAL]
    orgs = [
        OrganisationFactory(
            kind=Organisation.Kind.MINISTRY if i % 2 == 0 else Organisation.Kind.PROVINCIAL,
            level=levels[i % 2],
            province=rng.choice([Province.ULAANBAATAR, Province.DORNOD, Province.DUNDGOVI]),
        )
        for i in range(rng.randint(3, 5))
    ]
    genders = ["woman", "man", "another", "undisclosed", ""]
    for _ in range(rng.randint(6, 10)):
        meeting = MeetingFactory(
            format=rng.choice(Meeting.Format.values),
            province=rng.choice([Province.ULAANBAATAR, Province.DORNOD]),
            starts_at=ub(rng.choice([2024, 2025, 2026]), rng.randint(1, 10), rng.randint(1, 28)),
        )
        for org in [*rng.sample(orgs, rng.randint(1, len(orgs))), None]:
            for gender in genders:
                count = rng.choice([0, 0, 1, 1, 2, 3, 4, 6, 9])
                if count:
                    add_attendance(meeting, org, gender, count)
    for _ in range(rng.randint(15, 35)):
        UserFactory(
            organisation=rng.choice(orgs),
            gender=rng.choice(genders),
            date_joined=ub(rng.choice([2024, 2025, 2026]), rng.randint(1, 10), rng.randint(1, 28)),
        )


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_no_small_count_is_recovered_from_random_data(client, monkeypatch, seed):
    random_world(seed)
    periods = [ALL, *_years_with_data()]
    recovered, targets = recovered_small_counts(client, monkeypatch, periods)
    assert targets > 20  # many small cells to attack
    assert recovered == []


@pytest.mark.django_db
def test_meeting_pages_give_visitors_no_rounded_row_total_back(client, monkeypatch):
    """The reported case: with each meeting page's exact "attended N", every month's row total
    was the sum of its meetings' and came back exactly, although published as another value.
    A visitor now reads each meeting's count rounded; the rows published as another value stay
    unknown."""
    random_world(2)
    periods = [ALL, *_years_with_data()]
    solver, truth = attack_with_pages(client, monkeypatch, periods)
    targets = [
        name
        for name, value in truth.items()
        if name[0] == "attendance" and name[-1] == "T" and name[-2] != "*" and value % 5
    ]
    assert len(targets) > 10
    assert solver.recovered(truth, targets) == []


@pytest.mark.django_db
def test_no_small_count_is_recovered_from_the_demo_data(client, monkeypatch):
    """The insights alone: with the meeting pages' headcounts of 24 months of demo meetings the
    exact search outgrows a unit test (the random worlds above include the meeting pages)."""
    call_command("seed_demo", verbosity=0)
    periods = [ALL, *_years_with_data()]
    recovered, targets = recovered_small_counts(client, monkeypatch, periods, meeting_pages=False)
    assert targets > 0, periods
    assert recovered == []
    before = collect(client, [periods[1] - 1])
    assert all(rows == [] and totals == [0, 0, 0, 0] for rows, totals in before.values())


@pytest.mark.django_db
def test_the_attack_recovers_small_counts_when_totals_are_exact(client, monkeypatch):
    """The solver has teeth: publishing exact totals beside rounded cells gives counts away."""
    real = disclosure.publish
    monkeypatch.setattr(
        disclosure,
        "publish",
        lambda identity, value: value if disclosure.ALL in identity else real(identity, value),
    )
    random_world(1)
    periods = [ALL, *_years_with_data()]
    published = collect(client, periods)
    monkeypatch.setattr(disclosure, "publish", lambda identity, value: value)
    exact = collect(client, periods)
    solver, truth = attack(published, exact, periods)
    targets = [name for name, value in truth.items() if 1 <= value <= 4]
    assert solver.recovered(truth, targets)


# --- what the page shows is what the CSVs carry ---------------------------------------------


def _page_tables(body: str) -> dict[str, list[tuple[str, list[str]]]]:
    """{section: [(row label, shown values)]} of the page's tables (body and totals rows)."""
    out = {}
    for slug in PUBLIC_SECTIONS:
        table = body.split(f'data-testid="table-{slug}"')[1].split("</table>")[0]
        rows = []
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
            label = re.search(r"<th[^>]*>(.*?)</th>", tr, re.S)
            cells = re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)
            if label and cells:
                rows.append((html.unescape(label.group(1)).strip(), [c.strip() for c in cells]))
        out[slug] = rows
    return out


def _chart_values(body: str, slug: str) -> dict[tuple[str, str], float]:
    chart = body.split(f'data-testid="chart-{slug}"')[1].split("</svg>")[0]
    return {
        (html.unescape(label), html.unescape(name)): float(value)
        for label, name, value in re.findall(r"<rect[^>]*><title>(.*?) · (.*?): ([\d.]+)</title>", chart)
    }


@pytest.mark.django_db
def test_page_csv_and_charts_carry_the_same_published_values(client):
    random_world(7)
    for year in [ALL, 2025]:
        body = client.get("/insights/public/", {"year": year} if year != ALL else {}).content.decode()
        tables = _page_tables(body)
        for slug in PUBLIC_SECTIONS:
            rows, totals = _csv(client, slug, year)
            head = body.split(f'data-testid="table-{slug}"')[1].split("</thead>")[0]
            names = [html.unescape(n) for n in re.findall(r"<th[^>]*>(.*?)</th>", head)[1:4]]
            shown = [(label, [int(v) for v in values[:4]]) for label, values in tables[slug]]
            assert [v for _l, v in shown[:-1]] == [v for _l, v in rows]
            assert shown[-1][1] == totals
            assert all(v % 5 == 0 for _l, values in [*rows, ("", totals)] for v in values)
            charted = _chart_values(body, slug)
            assert charted
            for label, values in shown[:-1]:
                for name, value in zip(names, values, strict=False):
                    assert charted.get((label, name), 0) == value, (slug, label, name)


@pytest.mark.django_db
def test_the_same_cell_reads_the_same_on_reloads_and_under_every_filter(client):
    random_world(8)
    first = collect(client, [ALL, 2025])
    assert collect(client, [ALL, 2025]) == first
    all_months = dict(first[(ALL, "attendance-by-month")][0])
    year_months = dict(first[(2025, "attendance-by-month")][0])
    assert year_months and all(all_months[m] == v for m, v in year_months.items())
    grand = {first[(2025, slug)][1][3] for slug in PUBLIC_SECTIONS if slug.startswith("attendance")}
    assert len(grand) == 1  # one published total of attendance in 2025, in every section


# --- the open-data API publishes the same figures, and the attack reads them from it ----------


def collect_api(client, periods: list) -> dict:
    """{(period, section): (body rows, totals)} as ``/api/v1/insights/`` gives them."""
    out = {}
    for period in periods:
        params = {"year": period} if period != ALL else {}
        tables_ = client.get("/api/v1/insights/", params).json()["tables"]
        assert {t["slug"] for t in tables_} == set(PUBLIC_SECTIONS)
        for table in tables_:
            rows = [(row["label"], [*row["cells"], row["total"]]) for row in table["rows"]]
            totals = table["totals"]
            out[(period, table["slug"])] = (rows, [*totals["cells"], totals["total"]])
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 3])
def test_no_small_count_is_recovered_from_the_api(client, monkeypatch, seed):
    """The API's public figures are the CSVs' (so every attack above covers them too), and
    the attack run on what the API publishes, with the meeting pages, recovers nothing."""
    random_world(seed)
    periods = [ALL, *_years_with_data()]
    published = collect_api(client, periods)
    assert published == collect(client, periods)
    with monkeypatch.context() as m:
        m.setattr(disclosure, "publish", lambda identity, value: value)
        exact = collect_api(client, periods)
    solver, truth = attack(published, exact, periods)
    add_meeting_pages(client, solver, truth)
    targets = [name for name, value in truth.items() if 1 <= value <= 4]
    assert targets
    assert solver.recovered(truth, targets) == []


@pytest.mark.django_db
def test_the_attack_on_the_api_has_teeth(client, monkeypatch):
    """Were the API to publish exact totals beside rounded cells, the same attack would find counts."""
    real = disclosure.publish
    monkeypatch.setattr(
        disclosure,
        "publish",
        lambda identity, value: value if disclosure.ALL in identity else real(identity, value),
    )
    random_world(1)
    periods = [ALL, *_years_with_data()]
    published = collect_api(client, periods)
    monkeypatch.setattr(disclosure, "publish", lambda identity, value: value)
    solver, truth = attack(published, collect_api(client, periods), periods)
    targets = [name for name, value in truth.items() if 1 <= value <= 4]
    assert solver.recovered(truth, targets)
