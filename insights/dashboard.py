"""The coordinators' insights page, one section at a time.

At national scale (20,000 people, 200 organisations) every section on one page weighed
more than 600 KB and ran every grouped query; the page now shows one section, chosen with
``?section=<slug>`` (server-rendered tabs that keep the filters), and the tables by
organisation show their largest rows first with a link to the full table. The CSV exports
and the printable annual report keep every row. A built section is cached for coordinators
per language, filters and section until a service invalidates ``insights`` (attendance,
meetings, members, organisations, an election's turnout). The attendance figures come from the
tallies that triggers keep beside the rows (``insights/models.py``), so a cold section reads
them instead of grouping millions of attendance records; the members' figures still count people.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cop_portal import pagecache

from . import charts, sections, selectors
from .filters import InsightFilters
from .tables import Table

ELECTION_TURNOUT = "election-turnout"
DEFAULT_SECTION = "attendance-by-month"
# The query parameters that choose what the page shows, not what it counts.
PAGE_PARAMS = ("section", "all")
# Tables with one row per organisation: the page shows the largest rows unless asked for all.
LONG_SECTIONS = {"attendance-by-organisation", "members-by-organisation"}
TOP_ROWS = 20

TITLES = {
    "attendance-by-month": _("Attendance month by month, by gender"),
    "attendance-by-organisation": _("Attendance by organisation, by gender"),
    "attendance-by-level": _("Attendance by level of government, by gender"),
    "attendance-by-format": _("Attendance by meeting format, by gender"),
    "attendance-by-province": _("Attendance by province, by gender"),
    "members-by-organisation": _("Members by organisation, by gender"),
    "growth": _("Growth of members and branch CoPs per year"),
    "site-visits": _("Site visits per province"),
    ELECTION_TURNOUT: _("Election turnout by gender and level"),
}


@dataclass
class Tab:
    slug: str
    title: str
    query: str
    current: bool


@dataclass
class Trimmed:
    """How much of a long table the page shows."""

    shown: int
    total: int
    all_query: str


def tab_slugs() -> list[str]:
    return [*sections.COORDINATOR_SECTIONS, ELECTION_TURNOUT]


def is_section(slug: str) -> bool:
    return slug in sections.COORDINATOR_SECTIONS or slug == ELECTION_TURNOUT


def filter_query(params: QueryDict) -> str:
    """The filters of the request as a query string, without the page's own parameters."""
    q = params.copy()
    for name in PAGE_PARAMS:
        q.pop(name, None)
    return q.urlencode()


def _with(query: str, **extra) -> str:
    q = QueryDict(query, mutable=True)
    for k, v in extra.items():
        q[k] = v
    return q.urlencode()


def tabs(current: str, query: str) -> list[Tab]:
    return [Tab(s, str(TITLES[s]), _with(query, section=s), s == current) for s in tab_slugs()]


def _top(table: Table, limit: int) -> Table:
    """The ``limit`` rows with the largest totals, largest first; the totals row stays that of
    the whole table."""
    rows = sorted(table.rows, key=lambda r: -(r.total or 0))[:limit]
    return replace(table, rows=rows)


def _bars_chart(table: Table):
    return charts.stacked_bars(
        title=table.title,
        desc=str(_("The same figures are in the table below the chart.")),
        labels=[r.label for r in table.rows],
        series=[
            (key, str(label), [r.cells[i] for r in table.rows])
            for i, (key, label) in enumerate(table.columns)
        ],
        end_labels=[r.shown_total for r in table.rows],
        test_id=f"chart-{table.slug}",
    )


def build(slug: str, filters: InsightFilters, query: str, show_all: bool) -> dict:
    """The context of one section: ``section`` (or ``elections``) and ``trimmed`` when the
    page shows only the largest rows of a long table."""
    if slug == ELECTION_TURNOUT:
        return {"elections": selectors.election_turnout_list(), "section": None, "trimmed": None}
    section = sections.build_one(slug, filters, public=False)
    trimmed = None
    if slug in LONG_SECTIONS and len(section.table.rows) > TOP_ROWS:
        top = _top(section.table, TOP_ROWS)
        chart = _bars_chart(top)
        trimmed = Trimmed(TOP_ROWS, len(section.table.rows), _with(query, section=slug, all="1"))
        if show_all:
            section = replace(section, chart=chart)
            trimmed = replace(trimmed, all_query="")
        else:
            section = replace(section, table=top, chart=chart)
    return {"section": section, "trimmed": trimmed}


CACHE_SECONDS = 900


def build_cached(slug: str, filters: InsightFilters, query: str, show_all: bool) -> dict:
    """:func:`build`, from the cache while nothing it counts has changed since it was built."""
    digest = hashlib.sha256(query.encode()).hexdigest()[:24]
    return pagecache.cached(
        f"insights:{slug}:{int(show_all)}:{digest}",
        names=("insights",),
        audience="coordinator",
        build=lambda: build(slug, filters, query, show_all),
        timeout=CACHE_SECONDS,
    )
