"""The public aggregates, the same figures as their pages: ``/insights/public/`` (every count
of people rounded by ``cop_portal.disclosure``, built by the same section builders) and the
network's gender results of ``/results/`` as visitors read them (rounded, withheld alike)."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from ninja import Router
from ninja.errors import HttpError

from insights import sections
from insights.filters import PublicFilterForm
from results import selectors as results_selectors
from results.models import Level

from .. import schemas

router = Router(tags=["aggregates"])

RULE = _(
    "Every count of people is rounded to a multiple of 5 by a keyed random rule (a zero stays "
    "zero, 1 to 4 read 0 or 5); totals are rounded from the true totals, so a table need not add up."
)
RESULTS_RULE = _(
    "Only the organisations that published their scorecard are counted here, so that no other "
    "organisation can be singled out."
)
SHARE_RULE = _(
    "The network's share is given in steps of 10 points, and not at all in a year when too few "
    "organisations kept their scorecard unpublished."
)
BAD_YEAR = _("year must be a year between 2000 and 2100.")


def _row(row) -> dict:
    return {
        "key": str(row.key),
        "label": str(row.label),
        "cells": [None if v is None else int(v) for v in row.cells],
        "total": None if row.total is None else int(row.total),
    }


def _table(table) -> dict:
    return {
        "slug": table.slug,
        "title": str(table.title),
        "row_header": str(table.row_header),
        "columns": [{"key": str(key), "label": str(label)} for key, label in table.columns],
        "rows": [_row(r) for r in table.rows],
        "totals": _row(table.totals) if table.totals else None,
    }


def insights_public(year: int | None) -> list:
    """The tables of /insights/public/ for ``year`` (all time without one), as that page builds them."""
    form = PublicFilterForm({"year": year} if year else {})
    if not form.is_valid():
        raise HttpError(400, str(BAD_YEAR))
    filters = form.to_filters() if year else form.empty_filters()
    return [section.table for section in sections.build_all(filters, public=True)]


@router.get("/insights/", response=schemas.InsightsOut, url_name="insights-public")
def insights(request, year: int | None = None):
    """Participation in the CoP by month, government level, format, province and organisation,
    and members by organisation, by gender; every count rounded (see ``rule``)."""
    if year is not None and not 2000 <= year <= 2100:
        raise HttpError(400, str(BAD_YEAR))
    return {"year": year, "rule": str(RULE), "tables": [_table(t) for t in insights_public(year)]}


def _levels(counts: dict) -> dict[str, int]:
    return {Level(level).name.lower(): n for level, n in counts.items()}


@router.get("/results/", response=schemas.ResultsOut, url_name="results-network")
def results(request):
    """The network's gender results as /results/ shows them to visitors
    (``network_results_public``): per year the share of indicators met or exceeded (in steps,
    withheld where the page withholds it), and per indicator how many of the organisations
    that published their scorecard rated it at each level."""
    network = results_selectors.network_results_public()
    english = (get_language() or "mn").startswith("en")
    indicator_years = network.indicator_years or network.years
    return {
        "rule": f"{RESULTS_RULE} {SHARE_RULE}",
        "years": [
            {
                "year": row["year"],
                "withheld": row.get("share") is None,
                "met_or_exceeded_percent": row.get("share"),
            }
            for row in network.met_share
        ],
        "indicators": [
            {
                "code": row["code"],
                "name": row["name_en"] if english and row["name_en"] else row["name_mn"],
                "name_mn": row["name_mn"],
                "name_en": row["name_en"],
                "years": [
                    {"year": year, "counts": _levels(cell["counts"])}
                    for year, cell in zip(indicator_years, row["years"], strict=True)
                ],
            }
            for row in network.indicators
        ],
    }
