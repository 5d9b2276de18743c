"""The search's facets: counts per value of each filter, over what the reader may see (the
same queryset as the results, ``selectors.entry_search_base``), so a members-only entry is
never counted for a visitor."""

from __future__ import annotations

from dataclasses import replace

from django.db import connection
from django.db.models import Count, F, Q
from django.utils.translation import get_language

from members.models import Province

from . import selectors
from .models import Item, Theme
from .selectors import LANGUAGE_FACET, SOURCE_KIND_LABELS, Filters

FACET_FILTERS = ("kind", "theme", "lang", "organisation", "province", "year")
# GROUPING(kind, province, year, organisation_id) of each grouping set of ``_ONE_QUERY``.
_SETS = {7: "kind", 11: "province", 13: "year", 14: "organisation", 15: "all"}


def entry_facets(*, viewer, filters: Filters) -> dict[str, list[tuple[str, str, int]]]:
    """{facet: [(value, label, count)]}, values with no entries left out. Each facet counts
    with the other filters applied; without any filter (a plain search) every facet has the
    same base, counted on PostgreSQL in one query (grouping sets) instead of six."""
    if connection.vendor == "postgresql" and not any(getattr(filters, f) for f in FACET_FILTERS):
        return _facets_one_query(viewer, filters)
    return _facets_each(viewer=viewer, filters=filters)


def _facets_one_query(viewer, filters: Filters) -> dict:
    inner = (
        selectors.entry_search_base(viewer=viewer, filters=filters)
        .order_by()
        .annotate(org_mn=F("organisation__name_mn"), org_en=F("organisation__name_en"))
        .values(
            "kind",
            "province",
            "year",
            "organisation_id",
            "org_mn",
            "org_en",
            "themes",
            "has_english",
            "language",
        )
    )
    inner_sql, inner_params = inner.query.sql_with_params()
    themes = ", ".join("COUNT(*) FILTER (WHERE themes LIKE %s)" for _ in Theme)
    sql = (
        "SELECT GROUPING(kind, province, year, organisation_id), kind, province, year, organisation_id,"
        f" org_mn, org_en, COUNT(*), {themes}, COUNT(*) FILTER (WHERE has_english),"
        " COUNT(*) FILTER (WHERE language = 'mn')"
        f" FROM ({inner_sql}) AS e GROUP BY GROUPING SETS"
        " ((kind), (province), (year), (organisation_id, org_mn, org_en), ())"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [f"%,{t},%" for t in Theme.values] + list(inner_params))
        rows = cursor.fetchall()
    kinds, provinces, years, orgs, totals = {}, {}, {}, [], None
    for row in rows:
        which = _SETS.get(row[0])
        kind, province, year, org, name_mn, name_en, n = row[1:8]
        if which == "kind":
            kinds[kind] = n
        elif which == "province" and province:
            provinces[province] = n
        elif which == "year" and year is not None:
            years[year] = n
        elif which == "organisation" and org is not None:
            orgs.append((org, name_mn, name_en, n))
        elif which == "all":
            totals = row[8:]
    totals = totals or (0,) * (len(Theme) + 2)
    theme_counts = dict(zip(Theme.values, totals[: len(Theme)], strict=True))
    langs = {"en": totals[len(Theme)], "mn": totals[len(Theme) + 1]}
    return _shape(kinds, theme_counts, langs, sorted(years.items(), reverse=True), provinces, orgs)


def _shape(kinds, theme_counts, langs, years, provinces, orgs) -> dict:
    en = (get_language() or "mn").startswith("en")
    kind_labels = {**dict(Item.Kind.choices), **SOURCE_KIND_LABELS}
    return {
        "kind": [
            (k, str(kind_labels.get(k, k)), n)
            for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))
        ],
        "theme": [(t.value, str(t.label), theme_counts[t.value]) for t in Theme if theme_counts[t.value]],
        "lang": [(code, label, langs[code]) for code, label in LANGUAGE_FACET if langs[code]],
        "year": [(str(y), str(y), n) for y, n in years],
        "province": [(p.value, str(p.label), provinces[p.value]) for p in Province if provinces.get(p.value)],
        "organisation": sorted(
            ((str(pk), (name_en if en and name_en else name_mn), n) for pk, name_mn, name_en, n in orgs),
            key=lambda row: (-row[2], row[1]),
        ),
    }


def _facets_each(*, viewer, filters: Filters) -> dict[str, list[tuple[str, str, int]]]:
    """Each facet in its own query, without its own filter."""

    def base(**cleared):
        return selectors.entry_search_base(viewer=viewer, filters=replace(filters, **cleared)).order_by()

    kinds = dict(base(kind="").values_list("kind").annotate(n=Count("id")))
    themes_qs = base(theme="")
    theme_counts = themes_qs.aggregate(
        **{t.value: Count("id", filter=Q(themes__contains=f",{t.value},")) for t in Theme}
    )
    langs = base(lang="").aggregate(
        en=Count("id", filter=Q(has_english=True)), mn=Count("id", filter=Q(language="mn"))
    )
    years = base(year=None).exclude(year=None).values_list("year").annotate(n=Count("id")).order_by("-year")
    provinces = dict(base(province="").exclude(province="").values_list("province").annotate(n=Count("id")))
    orgs = (
        base(organisation=None)
        .exclude(organisation=None)
        .values_list("organisation_id", "organisation__name_mn", "organisation__name_en")
        .annotate(n=Count("id"))
    )
    return _shape(kinds, theme_counts, langs, years, provinces, orgs)
