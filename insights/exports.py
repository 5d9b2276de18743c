"""CSV exports of the sections, written with the shared CSV writer (BOM + formula guard)."""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from cop_portal.csv import csv_response

from .sections import Section
from .tables import Row, Table


def table_lines(table: Table) -> list[list[str]]:
    """The table as it is shown: header, body rows, totals row (public tables: rounded figures)."""
    header = [table.row_header, *[str(label) for _key, label in table.columns]]
    with_total = any(r.total is not None for r in table.rows) or table.totals is not None
    if with_total:
        header.append(str(_("Total")))
    if table.show_share_men:
        header.append(str(_("Share of men (%)")))

    def line(row: Row) -> list[str]:
        out = [row.label, *row.shown_cells]
        if with_total:
            out.append(row.shown_total)
        if table.show_share_men:
            out.append("" if row.share_men is None else f"{row.share_men:.1f}")
        return out

    return [header, *[line(r) for r in table.rows], *([line(table.totals)] if table.totals else [])]


def section_csv(section: Section, filename: str) -> HttpResponse:
    response, writer = csv_response(filename)
    writer.writerow([section.table.title])
    writer.writerows(table_lines(section.table))
    if section.extra is not None:
        writer.writerow([])
        writer.writerow([section.extra.title])
        writer.writerows(table_lines(section.extra))
    return response
