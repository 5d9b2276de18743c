"""The sections of the insights pages: each is one table (from grouped rows) and its chart."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from cop_portal import disclosure

from . import charts, selectors, tables
from .filters import InsightFilters
from .tables import Row, Table


class InsightData:
    """The grouped figures for one set of filters; each selector runs at most once per page."""

    def __init__(self, filters: InsightFilters):
        self.filters = filters

    @cached_property
    def by_meeting(self) -> list[dict]:
        return sorted(selectors.attendance_count_by_meeting(self.filters), key=lambda r: r["month"])

    @cached_property
    def _marginals(self) -> dict[str, list[dict]]:
        """``by_meeting`` summed per month, format and province (each with the gender), in the
        order of first appearance, in one pass: each of those tables needs only its own (about
        ten thousand rows for the country collapse to a few dozen; the sums are the same)."""
        fields = ("month", "format", "province")
        totals: dict[str, dict[tuple, int]] = {field: {} for field in fields}
        for r in self.by_meeting:
            gender, n = r["gender"], r["n"]
            for field in fields:
                sums, k = totals[field], (r[field], gender)
                sums[k] = sums.get(k, 0) + n
        return {
            field: [{field: value, "gender": g, "n": n} for (value, g), n in sums.items()]
            for field, sums in totals.items()
        }

    def _by(self, field: str) -> list[dict]:
        return self._marginals[field]

    @cached_property
    def by_month(self) -> list[dict]:
        return self._by("month")

    @cached_property
    def by_format(self) -> list[dict]:
        return self._by("format")

    @cached_property
    def by_province(self) -> list[dict]:
        return self._by("province")

    @cached_property
    def organisation_names(self) -> dict[int, dict]:
        return selectors.organisation_names()

    def _names(self) -> dict[int, dict]:
        return self.organisation_names

    @cached_property
    def by_organisation(self) -> list[dict]:
        return selectors.attendance_count_by_organisation(self.filters, names=self._names)

    @cached_property
    def members_by_organisation(self) -> list[dict]:
        return selectors.member_count_by_organisation(self.filters, names=self._names)

    def cells(self, public: bool, measure: str, dimension: str) -> disclosure.Cells | None:
        """How the public tables name their cells for the rounding (None: exact figures)."""
        if not public:
            return None
        f = self.filters
        if measure == "members":
            period = disclosure.members_period(f.end)
        else:
            period = disclosure.attendance_period(f.start, f.end)
        return disclosure.Cells(measure, period, dimension)


@dataclass
class Section:
    slug: str
    table: Table
    chart: SafeString | None
    extra: Table | None = None  # a second table without chart (site-visit outcomes)


def _series(table: Table) -> list[tuple[str, str, list]]:
    return [
        (key, str(label), [r.cells[i] for r in table.rows]) for i, (key, label) in enumerate(table.columns)
    ]


def _desc(table: Table) -> str:
    return str(_("The same figures are in the table below the chart."))


def attendance_by_month(data: InsightData, public: bool) -> Section:
    table = tables.gender_table(
        data.by_month,
        slug="attendance-by-month",
        title=_("Attendance month by month, by gender"),
        row_header=_("Month"),
        key=tables.month_key,
        label=tables.month_key,
        public=data.cells(public, "attendance", "month"),
    )
    chart = charts.stacked_columns(
        title=table.title,
        desc=_desc(table),
        labels=[r.label for r in table.rows],
        series=_series(table),
        line=(str(_("Share of men")), [table.share_men(r) for r in table.rows]),
        test_id=f"chart-{table.slug}",
    )
    return Section(table.slug, table, chart)


def _bars(table: Table) -> Section:
    chart = charts.stacked_bars(
        title=table.title,
        desc=_desc(table),
        labels=[r.label for r in table.rows],
        series=_series(table),
        end_labels=[r.shown_total for r in table.rows],
        test_id=f"chart-{table.slug}",
    )
    return Section(table.slug, table, chart)


def attendance_by_organisation(data: InsightData, public: bool) -> Section:
    return _bars(
        tables.gender_table(
            data.by_organisation,
            slug="attendance-by-organisation",
            title=_("Attendance by organisation, by gender"),
            row_header=_("Organisation"),
            key=lambda r: r["organisation_id"],
            label=tables.organisation_label,
            public=data.cells(public, "attendance", "organisation"),
        )
    )


def attendance_by_level(data: InsightData, public: bool) -> Section:
    return _bars(
        tables.gender_table(
            data.by_organisation,
            slug="attendance-by-level",
            title=_("Attendance by level of government, by gender"),
            row_header=_("Level of government"),
            key=lambda r: r["level"],
            label=lambda r: tables.level_label(r["level"]),
            order=tables.LEVEL_ORDER,
            public=data.cells(public, "attendance", "level"),
        )
    )


def attendance_by_format(data: InsightData, public: bool) -> Section:
    return _bars(
        tables.gender_table(
            data.by_format,
            slug="attendance-by-format",
            title=_("Attendance by meeting format, by gender"),
            row_header=_("Meeting format"),
            key=lambda r: r["format"],
            label=lambda r: tables.format_label(r["format"]),
            order=tables.FORMAT_ORDER,
            public=data.cells(public, "attendance", "format"),
        )
    )


def attendance_by_province(data: InsightData, public: bool) -> Section:
    return _bars(
        tables.gender_table(
            data.by_province,
            slug="attendance-by-province",
            title=_("Attendance by province, by gender"),
            row_header=_("Province"),
            key=lambda r: r["province"],
            label=lambda r: tables.province_label(r["province"]),
            order=tables.PROVINCE_ORDER,
            public=data.cells(public, "attendance", "province"),
        )
    )


def members_by_organisation(data: InsightData, public: bool) -> Section:
    return _bars(
        tables.gender_table(
            data.members_by_organisation,
            slug="members-by-organisation",
            title=_("Members by organisation, by gender"),
            row_header=_("Organisation"),
            key=lambda r: r["organisation_id"],
            label=lambda r: tables.organisation_label(r, "organisation__"),
            public=data.cells(public, "members", "organisation"),
        )
    )


def growth(data: InsightData, public: bool) -> Section:
    table = tables.cumulative_table(
        selectors.member_count_by_year_joined(data.filters),
        selectors.branch_count_by_year_founded(data.filters),
        slug="growth",
        title=_("Growth of members and branch CoPs per year"),
    )
    chart = charts.line_chart(
        title=table.title,
        desc=_desc(table),
        labels=[r.label for r in table.rows],
        series=[s for s in _series(table) if s[0] in ("members_total", "branches_total")],
        test_id=f"chart-{table.slug}",
    )
    return Section(table.slug, table, chart)


def _outcome_label(r: dict) -> str:
    label = f"{tables.province_label(r['visit__meeting__province'])} — {tables.localised_label(r)}"
    return f"{label} ({r['unit']})" if r["unit"] else label


def site_visits(data: InsightData, public: bool) -> Section:
    visit_rows = [
        Row(
            label=tables.province_label(r["meeting__province"]),
            cells=[r["visits"], r["participants"]],
            total=None,
            key=r["meeting__province"],
        )
        for r in selectors.site_visit_count_by_province(data.filters)
    ]
    table = Table(
        slug="site-visits",
        title=str(_("Site visits per province")),
        row_header=str(_("Province")),
        columns=[("visits", _("Site visits")), ("participants", _("Participants"))],
        rows=visit_rows,
        show_share_men=False,
    )
    outcome_rows = [
        Row(
            label=_outcome_label(r),
            cells=[r["total"].normalize(), r["visits"]],
            total=None,
        )
        for r in selectors.site_visit_outcome_totals(data.filters)
    ]
    outcomes = Table(
        slug="site-visit-outcomes",
        title=str(_("Counted outcomes of site visits")),
        row_header=str(_("Province and outcome")),
        columns=[("total", _("Total counted")), ("visits", _("Site visits"))],
        rows=outcome_rows,
        show_share_men=False,
    )
    chart = charts.stacked_bars(
        title=table.title,
        desc=_desc(table),
        labels=[r.label for r in table.rows],
        series=[("visits", str(_("Site visits")), [r.cells[0] for r in table.rows])],
        test_id=f"chart-{table.slug}",
    )
    return Section(table.slug, table, chart, extra=outcomes)


Builder = Callable[[InsightData, bool], Section]

COORDINATOR_SECTIONS: dict[str, Builder] = {
    "attendance-by-month": attendance_by_month,
    "attendance-by-organisation": attendance_by_organisation,
    "attendance-by-level": attendance_by_level,
    "attendance-by-format": attendance_by_format,
    "attendance-by-province": attendance_by_province,
    "members-by-organisation": members_by_organisation,
    "growth": growth,
    "site-visits": site_visits,
}
# Aggregates of people only, every count rounded (``disclosure``); no growth curve and no
# per-visit figures.
PUBLIC_SECTIONS: dict[str, Builder] = {
    "attendance-by-month": attendance_by_month,
    "attendance-by-level": attendance_by_level,
    "attendance-by-format": attendance_by_format,
    "attendance-by-province": attendance_by_province,
    "attendance-by-organisation": attendance_by_organisation,
    "members-by-organisation": members_by_organisation,
}


def build_all(f: InsightFilters, *, public: bool) -> list[Section]:
    registry = PUBLIC_SECTIONS if public else COORDINATOR_SECTIONS
    data = InsightData(f)
    return [builder(data, public) for builder in registry.values()]


def build_one(slug: str, f: InsightFilters, *, public: bool) -> Section | None:
    builder = (PUBLIC_SECTIONS if public else COORDINATOR_SECTIONS).get(slug)
    return builder(InsightData(f), public) if builder else None
