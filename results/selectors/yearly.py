"""Year over year: an organisation's results, the network's, the ratings export, awards."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from cop_portal.disclosure import is_safe, publish

from ..models import (
    Audit,
    AuditRating,
    Award,
    Indicator,
    Level,
    MeasureValue,
)
from ..models.framework import MET_LEVELS, RATED_LEVELS

# --- year over year ----------------------------------------------------------------------------


@dataclass
class ResultsTable:
    """Indicators (rows) × years (columns) with the rating of each cell."""

    years: list[int] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # {"indicator", "levels": [level|None per year]}
    measures: list[dict] = field(default_factory=list)
    met_share: list[int | None] = field(default_factory=list)  # per year, % met or exceeded


def organisation_has_published(organisation) -> bool:
    return Audit.objects.filter(
        organisation=organisation, status=Audit.Status.ACCEPTED, publish_scorecard=True
    ).exists()


def organisation_results(organisation, *, published_only: bool = False) -> ResultsTable:
    """The organisation's accepted audits, year by year (one query for ratings, one for
    measures); ``published_only``: the years whose audit publishes its scorecard."""
    accepted = Q(audit__organisation=organisation, audit__status=Audit.Status.ACCEPTED)
    if published_only:
        accepted &= Q(audit__publish_scorecard=True)
    ratings = list(
        AuditRating.objects.filter(accepted)
        .select_related("indicator")
        .values(
            "audit__year",
            "indicator_id",
            "indicator__code",
            "indicator__name_mn",
            "indicator__name_en",
            "level",
        )
        .order_by("indicator__area__position", "indicator__position", "audit__year")
    )
    table = ResultsTable(years=sorted({r["audit__year"] for r in ratings}))
    by_indicator: dict[int, dict] = {}
    for r in ratings:
        row = by_indicator.setdefault(
            r["indicator_id"],
            {
                "code": r["indicator__code"],
                "name_mn": r["indicator__name_mn"],
                "name_en": r["indicator__name_en"],
                "by_year": {},
            },
        )
        row["by_year"][r["audit__year"]] = r["level"]
    for row in by_indicator.values():
        row["levels"] = [row["by_year"].get(year) for year in table.years]
        table.rows.append(row)
    for year in table.years:
        rated = [r["level"] for r in ratings if r["audit__year"] == year and r["level"] in RATED_LEVELS]
        met = sum(1 for level in rated if level in MET_LEVELS)
        table.met_share.append(round(100 * met / len(rated)) if rated else None)
    values = (
        MeasureValue.objects.filter(accepted)
        .values(
            "measure_id",
            "measure__code",
            "measure__name_mn",
            "measure__name_en",
            "measure__unit",
            "audit__year",
            "actual",
            "baseline",
            "target",
        )
        .order_by("measure__position", "audit__year")
    )
    measures: dict[int, dict] = {}
    for v in values:
        m = measures.setdefault(
            v["measure_id"],
            {
                "code": v["measure__code"],
                "name_mn": v["measure__name_mn"],
                "name_en": v["measure__name_en"],
                "unit": v["measure__unit"],
                "by_year": {},
                "baseline": None,
                "target": None,
            },
        )
        m["by_year"][v["audit__year"]] = v["actual"]
        m["baseline"] = v["baseline"] if v["baseline"] is not None else m["baseline"]
        m["target"] = v["target"] if v["target"] is not None else m["target"]
    for m in measures.values():
        m["actuals"] = [m["by_year"].get(year) for year in table.years]
        table.measures.append(m)
    return table


@dataclass
class NetworkResults:
    years: list[int]
    indicators: list[
        dict
    ]  # {"code", "name_mn", "name_en", "years": [{"counts": {level: n}, "rated": n, "met": n}]}
    met_share: list[dict]  # per year {"year", "rated", "met"}
    organisations: list[dict]  # per year {"year", "n"}: organisations with an accepted audit
    indicator_years: list[int] | None = None  # the years of ``indicators`` (when not ``years``)


def network_results(*, published_only: bool = False) -> NetworkResults:
    """Per indicator and year, how many organisations' accepted audits rated it at each level
    (one grouped query); ``published_only``: only the audits that publish their scorecard."""
    accepted = Q(audit__status=Audit.Status.ACCEPTED, level__isnull=False)
    if published_only:
        accepted &= Q(audit__publish_scorecard=True)
    cells = (
        AuditRating.objects.filter(accepted)
        .values("indicator_id", "audit__year", "level")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    years: set[int] = set()
    for c in cells:
        counts[c["indicator_id"]][c["audit__year"]][c["level"]] = c["n"]
        years.add(c["audit__year"])
    ordered_years = sorted(years)
    indicators = []
    for indicator in (
        Indicator.objects.filter(pk__in=counts)
        .select_related("area")
        .order_by("area__framework__version", "area__position", "position")
    ):
        per_year = []
        for year in ordered_years:
            level_counts = {level: counts[indicator.pk][year].get(level, 0) for level in Level.values}
            rated = sum(level_counts[level] for level in RATED_LEVELS)
            met = sum(level_counts[level] for level in MET_LEVELS)
            per_year.append({"year": year, "counts": level_counts, "rated": rated, "met": met})
        indicators.append(
            {
                "id": indicator.pk,
                "code": indicator.code,
                "name_mn": indicator.name_mn,
                "name_en": indicator.name_en,
                "years": per_year,
            }
        )
    met_share = []
    for i, year in enumerate(ordered_years):
        rated = sum(row["years"][i]["rated"] for row in indicators)
        met = sum(row["years"][i]["met"] for row in indicators)
        met_share.append({"year": year, "rated": rated, "met": met})
    organisations = list(
        Audit.objects.filter(status=Audit.Status.ACCEPTED)
        .values("year")
        .annotate(n=Count("id"), unpublished=Count("id", filter=Q(publish_scorecard=False)))
        .order_by("year")
    )
    return NetworkResults(ordered_years, indicators, met_share, organisations)


SHARE_STEP = 10  # visitors read the whole network's share in steps of this many points


def _withheld(others: int) -> bool:
    """A year whose organisations without a published scorecard are too few to stay hidden
    behind the published ones (their figures would be the network's minus the published)."""
    return bool(others) and not is_safe((others,))


def network_results_public() -> NetworkResults:
    """The network's results as shown beyond coordinators.

    Per indicator, only the organisations that published their scorecard are counted: those
    ratings are public one by one, so nothing about the others can be worked out by
    subtracting them (keyed rounding alone could not hide a small group behind exact
    published figures: the results' solver test found such groups). The whole network shows
    only as each year's share of indicators met or exceeded, in steps of ``SHARE_STEP``
    points, and not at all in a year whose unpublished organisations are too few for the
    disclosure module."""
    exact = network_results()
    published = network_results(published_only=True)
    unpublished = {o["year"]: o["unpublished"] for o in exact.organisations}
    met_share = []
    for row in exact.met_share:
        share = None
        if row["rated"] and not _withheld(unpublished.get(row["year"], 0)):
            share = SHARE_STEP * round(100 * row["met"] / row["rated"] / SHARE_STEP)
        met_share.append({"year": row["year"], "share": share, "withheld": share is None})
    organisations = [
        {"year": o["year"], "n": publish(("results", o["year"], "organisations"), o["n"]),
         "published": o["n"] - o["unpublished"]}
        for o in exact.organisations
    ]  # fmt: skip
    return NetworkResults(exact.years, published.indicators, met_share, organisations, published.years)


def ratings_for_export():
    """Every accepted rating: indicator × organisation × year (CSV for coordinators)."""
    return (
        AuditRating.objects.filter(audit__status=Audit.Status.ACCEPTED)
        .values_list(
            "audit__year", "audit__organisation__slug", "audit__organisation__name_mn", "indicator__code",
            "indicator__name_en", "level", "audit__version",
        )
        .order_by("audit__year", "audit__organisation__name_mn", "indicator__area__position", "indicator__position")
    )  # fmt: skip


def award_list_for_organisation(organisation_id: int) -> list:
    return list(Award.objects.filter(organisation_id=organisation_id).order_by("-year", "id"))


def award_list_for_user(user) -> list:
    """Awards the member took part in (their participation record)."""
    return list(user.gender_awards.select_related("organisation").order_by("-year", "id"))
