"""Reshape grouped rows into tables (rows × gender columns); public ones rounded (``disclosure``).

Only grouped rows pass through here (one per group), never one per record.
"""

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cop_portal.disclosure import Cells, round_table
from meetings.models import Meeting
from members.models import Level, Province, User

NOT_STATED = ""
GENDER_COLUMNS = [
    (User.Gender.WOMAN.value, _("Women")),
    (User.Gender.MAN.value, _("Men")),
    (User.Gender.ANOTHER.value, _("Another identity")),
    (User.Gender.UNDISCLOSED.value, _("Prefer not to say")),
    (NOT_STATED, _("Not stated")),
]
# The public page merges the three smallest groups: fewer small counts to round away.
PUBLIC_OTHER = "other"
PUBLIC_GENDER_COLUMNS = [
    (User.Gender.WOMAN.value, _("Women")),
    (User.Gender.MAN.value, _("Men")),
    (PUBLIC_OTHER, _("Another identity or not stated")),
]
PUBLIC_GENDER_OF = {
    User.Gender.WOMAN.value: User.Gender.WOMAN.value,
    User.Gender.MAN.value: User.Gender.MAN.value,
}

NO_ORGANISATION = _("No organisation recorded")
NOT_RECORDED = _("Not recorded")
TOTAL = _("Total")


def escaped(value) -> str:
    """``conditional_escape`` without its lazy-argument check (thousands of cells a page)."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


def shown(value) -> str:
    """A figure as displayed (Decimal outcome totals without trailing zeros)."""
    if value is None:
        return ""
    return f"{value:f}" if hasattr(value, "as_tuple") else str(value)


@dataclass
class Row:
    label: str
    cells: list
    total: int | None
    key: str = ""
    share_men: float | None = None  # percentage, filled by Table.fill_shares

    @property
    def shown_cells(self) -> list[str]:
        return [shown(v) for v in self.cells]

    @property
    def shown_total(self) -> str:
        return shown(self.total)

    @property
    def shown_share(self) -> str:
        return "" if self.share_men is None else f"{self.share_men:.1f}%"


@dataclass
class Table:
    slug: str
    title: str
    row_header: str
    columns: list  # [(key, label)]
    rows: list[Row]
    totals: Row | None = None
    show_share_men: bool = True
    value_suffix: str = ""
    notes: list = field(default_factory=list)
    rounded: bool = False  # public counts (cop_portal.disclosure): the page says so above the table

    @property
    def men_index(self) -> int | None:
        for i, (key, _label) in enumerate(self.columns):
            if key == User.Gender.MAN.value:
                return i
        return None

    def share_men(self, row: Row) -> float | None:
        """Share of men in the row as a percentage (of the figures shown); None when unknown."""
        i = self.men_index
        if i is None or row.total in (None, 0) or row.cells[i] is None:
            return None
        return round(100 * row.cells[i] / row.total, 1)

    def body_html(self) -> SafeString:
        """The rows of the table's body, escaped as the template would: built here because a
        table by organisation has hundreds of rows and the template's loop cost more than the
        figures (``_table.html`` has the markup of the empty body)."""
        total_class = "text-end fw-semibold col-total" + (" rounded-total" if self.rounded else "")
        out = []
        for row in self.rows:
            cells = "".join(f'<td class="text-end">{escaped(v)}</td>' for v in row.shown_cells)
            total = f'<td class="{total_class}">{escaped(row.shown_total)}</td>' if self.totals else ""
            share = f'<td class="text-end">{escaped(row.shown_share)}</td>' if self.show_share_men else ""
            out.append(
                f'\n        <tr>\n          <th scope="row" class="fw-normal">{escaped(row.label)}</th>'
                f"\n          {cells}\n          {total}\n          {share}\n        </tr>\n      "
            )
        return mark_safe("".join(out))  # noqa: S308 - every value escaped above

    def fill_shares(self) -> "Table":
        for row in [*self.rows, *([self.totals] if self.totals else [])]:
            row.share_men = self.share_men(row)
        return self


def _name(row: dict, prefix: str) -> str:
    if (get_language() or "mn").startswith("en") and row.get(f"{prefix}name_en"):
        return row[f"{prefix}name_en"]
    return row.get(f"{prefix}name_mn") or ""


def gender_table(
    rows: Iterable[dict],
    *,
    slug: str,
    title: str,
    row_header: str,
    key: Callable[[dict], object],
    label: Callable[[dict], str],
    order: list | None = None,
    public: Cells | None = None,
) -> Table:
    """Pivot ``{<group>, gender, n}`` rows into a table with one column per gender. A public
    table (``public`` names its cells) merges the smaller genders and publishes rounded counts."""
    columns = PUBLIC_GENDER_COLUMNS if public is not None else GENDER_COLUMNS
    index = {k: i for i, (k, _label) in enumerate(columns)}
    groups: dict = {}
    labels: dict = {}
    for r in rows:
        k = key(r)
        gender = r["gender"] or NOT_STATED
        if public is not None:
            gender = PUBLIC_GENDER_OF.get(gender, PUBLIC_OTHER)
        cells = groups.get(k)
        if cells is None:
            cells = groups[k] = [0] * len(columns)
            labels[k] = label(r)
        cells[index[gender]] += r["n"]
    keys = [k for k in order if k in groups] if order is not None else list(groups)
    table_rows = [Row(label=str(labels[k]), cells=groups[k], total=sum(groups[k]), key=str(k)) for k in keys]
    sums = [sum(r.cells[i] for r in table_rows) for i in range(len(columns))]
    totals = Row(label=str(TOTAL), cells=sums, total=sum(sums), key="total")
    table = Table(
        slug=slug,
        title=str(title),
        row_header=str(row_header),
        columns=columns,
        rows=table_rows,
        totals=totals,
    )
    if public is not None:
        round_table(table, public)
        table.rounded = True
    return table.fill_shares()


# --- labels for the grouped keys -------------------------------------------------------------


def organisation_label(r: dict, prefix: str = "") -> str:
    """The localised name of the grouped organisation (``<prefix>name_mn``/``_en``)."""
    return _name(r, prefix) or str(NO_ORGANISATION)


_LEVELS = dict(Level.choices)
_FORMATS = dict(Meeting.Format.choices)
_PROVINCES = dict(Province.choices)


def level_label(value) -> str:
    return str(_LEVELS.get(value, NOT_RECORDED))


def format_label(value) -> str:
    return str(_FORMATS.get(value, NOT_RECORDED))


def province_label(value: str) -> str:
    return str(_PROVINCES.get(value, NOT_RECORDED))


LEVEL_ORDER = [*Level.values, None]
FORMAT_ORDER = Meeting.Format.values
PROVINCE_ORDER = [*Province.values, ""]


def month_key(r: dict) -> str:
    month = r["month"]
    return f"{month.year:04d}-{month.month:02d}"


def cumulative_table(member_rows: list[dict], branch_rows: list[dict], *, slug: str, title: str) -> Table:
    """Per year: members who joined, branch CoPs founded, and the running totals of both."""
    members = {r["year"]: r["n"] for r in member_rows if r["year"] is not None}
    branches = {r["year"]: r["n"] for r in branch_rows if r["year"] is not None}
    years = sorted(set(members) | set(branches))
    if years:
        years = list(range(years[0], years[-1] + 1))
    rows, total_members, total_branches = [], 0, 0
    for y in years:
        total_members += members.get(y, 0)
        total_branches += branches.get(y, 0)
        cells = [members.get(y, 0), total_members, branches.get(y, 0), total_branches]
        rows.append(Row(label=str(y), cells=cells, total=None, key=str(y)))
    columns = [
        ("members_new", _("Members who joined")),
        ("members_total", _("Members in total")),
        ("branches_new", _("Branch CoPs founded")),
        ("branches_total", _("Branch CoPs in total")),
    ]
    return Table(
        slug=slug,
        title=str(title),
        row_header=str(_("Year")),
        columns=columns,
        rows=rows,
        show_share_men=False,
    )


def localised_label(r: dict) -> str:
    if (get_language() or "mn").startswith("en") and r.get("label_en"):
        return r["label_en"]
    return r.get("label_mn") or ""
