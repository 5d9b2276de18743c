"""The search's facets: counts per value of each filter, over what the reader may see (the
same queryset as the results, ``selectors.entry_search_base``, or the summary's public rows
only), so a members-only entry is never counted for a visitor."""

from __future__ import annotations

from dataclasses import replace

from django.db import connection
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language

from members.models import Organisation, Province

from . import selectors
from .models import Entry, FacetCount, Item, Theme
from .permissions import user_sees_members_only
from .selectors import LANGUAGE_FACET, SOURCE_KIND_LABELS, Filters, ResultCount
from .text import terms as query_terms

FACET_FILTERS = ("kind", "theme", "lang", "organisation", "province", "year")
_CLEARED = {"kind": "", "theme": "", "lang": "", "organisation": None, "province": "", "year": None}
# GROUPING(kind, province, year, organisation_id) of each grouping set of ``_facets_one_query``.
_ALL = 15  # GROUPING(kind, province, year, organisation_id) of the grand total's row
_SETS = {7: "kind", 11: "province", 13: "year", 14: "organisation", _ALL: "all"}
_GROUPED = ("kind", "province", "year", "organisation")


def _active(filters: Filters) -> list[str]:
    return [f for f in FACET_FILTERS if getattr(filters, f)]


def entry_facets(*, viewer, filters: Filters) -> dict[str, list[tuple[str, str, int]]]:
    """{facet: [(value, label, count)]}, values with no entries left out. Each facet counts
    with the other filters applied; on PostgreSQL all of them in one query (grouping sets)
    instead of six."""
    return entry_facets_with_count(viewer=viewer, filters=filters)[0]


def entry_facets_with_count(*, viewer, filters: Filters) -> tuple[dict, int | None]:
    """The facets and, on PostgreSQL, the number of results (from the same query; None on
    SQLite, where the page counts them)."""
    if connection.vendor == "postgresql":
        return _facets_one_query(viewer, filters)
    return _facets_each(viewer=viewer, filters=filters), None


def entry_facets_counted(*, viewer, filters: Filters) -> tuple[dict, int] | None:
    """The facets and the number of results of a search without words and with at most one
    filter, read from the summary the index services keep (``FacetCount``, one query);
    None for any other search (counted over its matches instead)."""
    active = _active(filters)
    if query_terms(filters.q) or len(active) > 1:
        return None
    name = active[0] if active else ""
    value = str(getattr(filters, name)) if name else ""
    audience = "" if user_sees_members_only(viewer) else " AND NOT f.members_only"
    sql = (
        "SELECT f.filter, f.facet, f.value, SUM(f.n), o.name_mn, o.name_en"
        f" FROM {FacetCount._meta.db_table} AS f LEFT JOIN {Organisation._meta.db_table} AS o"
        " ON o.id = (CASE WHEN f.facet = 'organisation' THEN CAST(f.value AS INTEGER) END)"
        f" WHERE (f.filter = '' OR (f.filter = %s AND f.filter_value = %s)){audience}"
        " GROUP BY f.filter, f.facet, f.value, o.name_mn, o.name_en HAVING SUM(f.n) > 0"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [name, value])
        rows = cursor.fetchall()
    kinds, themes, langs, years, provinces, orgs = (
        {},
        dict.fromkeys(Theme.values, 0),
        {"en": 0, "mn": 0},
        {},
        {},
        [],
    )
    total = 0
    for under, facet, value, n, org_mn, org_en in rows:
        # A facet never counts under its own filter: under it, the unfiltered counts.
        if under != ("" if facet == name and facet else name):
            continue
        if facet == "":
            total = n
        elif facet == "kind":
            kinds[value] = n
        elif facet == "theme" and value in themes:
            themes[value] = n
        elif facet == "lang":
            langs[value] = n
        elif facet == "year":
            years[int(value)] = n
        elif facet == "province":
            provinces[value] = n
        elif facet == "organisation" and org_mn is not None:
            orgs.append((int(value), org_mn, org_en, n))
    return _shape(kinds, themes, langs, sorted(years.items(), reverse=True), provinces, orgs), total


def entry_facets_with_page(
    *, viewer, filters: Filters, number: int, size: int
) -> tuple[dict, int | None, list | None]:
    """The facets, the number of results and, when the matches are all within the bound, the
    entries of page ``number`` (best first), all from one query (PostgreSQL: the full-text
    index is read once for the three); the entries are None when the page is read on its own
    (SQLite, or more matches than the bound: newest first through the date index)."""
    if connection.vendor == "postgresql":
        return _facets_one_query(viewer, filters, page=(number, size))
    return _facets_each(viewer=viewer, filters=filters), None, None


def _facets_one_query(viewer, filters: Filters, page: tuple[int, int] | None = None):
    """Every facet in one pass over the matches that fail at most one filter: each facet's
    counts take the rows passing every filter but its own (``COUNT(*) FILTER``).

    With ``page`` (number, size): also the entries of that page among the matches passing every
    filter, ordered as ``selectors.entry_search`` orders them (the full-text rank up to
    ``RANK_LIMIT`` results, then the words in the title, then the date), read from the same
    bounded matches; the result is then (facets, count, entries or None).

    Bounded: the pass reads the first ``COUNT_BOUND`` + 1 matches of the words (the order the
    full-text index finds them), never more. Up to ``COUNT_BOUND`` matches everything is
    counted; above it the facets count among the first ``COUNT_BOUND`` (``facets_among``) and
    the results are "more than ``COUNT_BOUND``" (without filters), or counted up to it in one
    more query (``selectors.entry_search_count``, with filters)."""
    active = _active(filters)
    inner = (
        selectors.entry_search_base(viewer=viewer, filters=replace(filters, **_CLEARED))
        .order_by()
        .annotate(
            org_mn=F("organisation__name_mn"),
            org_en=F("organisation__name_en"),
            rn=Window(RowNumber()),
        )
        .values(
            *(("id", "dated_at", "title") if page else ()),
            "kind",
            "province",
            "year",
            "organisation_id",
            "org_mn",
            "org_en",
            "themes",
            "has_english",
            "language",
            "rn",
        )
    )[: selectors.COUNT_BOUND + 1]
    inner_sql, inner_params = inner.query.sql_with_params()
    tests = {
        "kind": ("kind = %s", [filters.kind]),
        "theme": ("themes LIKE %s", [f"%,{filters.theme},%"]),
        "lang": ("has_english" if filters.lang == "en" else "language = 'mn'", []),
        "organisation": ("organisation_id = %s", [filters.organisation]),
        "province": ("province = %s", [filters.province]),
        "year": ("year = %s", [filters.year]),
    }

    def passing(*, but: str = "") -> tuple[str, list]:
        used = [tests[f] for f in active if f != but]
        return (
            " AND ".join(["rn <= %s"] + [sql for sql, _ in used]),
            [selectors.COUNT_BOUND] + [p for _, params in used for p in params],
        )

    columns, params = [], []
    for name in _GROUPED:
        sql, args = passing(but=name)
        columns.append(f"COUNT(*) FILTER (WHERE {sql})")
        params += args
    sql, args = passing(but="theme")
    for theme in Theme.values:
        columns.append(f"COUNT(*) FILTER (WHERE {sql} AND themes LIKE %s)")
        params += [*args, f"%,{theme},%"]
    sql, args = passing(but="lang")
    columns += [
        f"COUNT(*) FILTER (WHERE {sql} AND has_english)",
        f"COUNT(*) FILTER (WHERE {sql} AND language = 'mn')",
    ]
    params += [*args, *args]
    sql, args = passing()
    columns.append(f"COUNT(*) FILTER (WHERE {sql})")  # the results: every filter passed
    params += args
    columns.append("COUNT(*) FILTER (WHERE rn > %s)")  # more matches than the bound
    params.append(selectors.COUNT_BOUND)
    where, where_params = "", []
    if len(active) > 1:  # a row failing two filters counts in no facet (the one past the bound: more)
        where = (
            " WHERE rn > %s OR "
            + " + ".join(f"(CASE WHEN {tests[f][0]} THEN 1 ELSE 0 END)" for f in active)
            + " >= %s"
        )
        where_params = [selectors.COUNT_BOUND] + [p for f in active for p in tests[f][1]] + [len(active) - 1]
    ctes, cte_params, page_sql, page_params = "", [], "", []
    if page:
        # The page among the matches passing every filter (when none is past the bound), or with
        # filters and more matches than the bound, among the first of those passing every filter
        # (``f``, read only then: up to the bound they are all, so it is their page and count).
        number, size = page
        sql, args = passing()
        more = "EXISTS (SELECT 1 FROM e WHERE rn > %s)"
        page_sql, page_params = _page_sql(
            "e", sql, args, f"NOT {more}", [selectors.COUNT_BOUND], filters, page
        )
        if active:
            passed = (
                selectors.entry_search_base(viewer=viewer, filters=filters)
                .order_by()
                .values("id", "dated_at", "title")[: selectors.COUNT_BOUND + 1]
            )
            passed_sql, cte_params = passed.query.sql_with_params()
            ctes = f", f AS ({passed_sql})"
            f_sql, f_params = _page_sql(
                "f",
                "TRUE",
                [],
                f"{more} AND (SELECT COUNT(*) FROM f) <= %s",
                [selectors.COUNT_BOUND] * 2,
                filters,
                page,
            )
            page_sql += f", (CASE WHEN {more} THEN (SELECT COUNT(*) FROM f) END){f_sql}"
            page_params += [selectors.COUNT_BOUND, *f_params]
    sql = (
        f"WITH e AS ({inner_sql}){ctes}"
        " SELECT GROUPING(kind, province, year, organisation_id), kind, province, year, organisation_id,"
        f" org_mn, org_en, {', '.join(columns)}{page_sql}"
        f" FROM e{where} GROUP BY GROUPING SETS"
        " ((kind), (province), (year), (organisation_id, org_mn, org_en), ())"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            selectors.planned(sql, filters),
            [*inner_params, *cte_params, *params, *page_params, *where_params],
        )
        rows = cursor.fetchall()
    kinds, provinces, years, orgs, totals = {}, {}, {}, [], None
    for row in rows:
        which = _SETS.get(row[0])
        kind, province, year, org, name_mn, name_en = row[1:7]
        counts = dict(zip(_GROUPED, row[7:11], strict=True))
        if which == "kind" and counts["kind"]:
            kinds[kind] = counts["kind"]
        elif which == "province" and province and counts["province"]:
            provinces[province] = counts["province"]
        elif which == "year" and year is not None and counts["year"]:
            years[year] = counts["year"]
        elif which == "organisation" and org is not None and counts["organisation"]:
            orgs.append((org, name_mn, name_en, counts["organisation"]))
        elif which == "all":
            totals = row[11:]
    totals = totals or (0,) * (len(Theme) + 4)
    theme_counts = dict(zip(Theme.values, totals[: len(Theme)], strict=True))
    langs = {"en": totals[len(Theme)], "mn": totals[len(Theme) + 1]}
    shaped = _shape(kinds, theme_counts, langs, sorted(years.items(), reverse=True), provinces, orgs)
    results, more = totals[len(Theme) + 2], totals[len(Theme) + 3]
    entries = selectors.entry_list_from_rows(totals[len(Theme) + 4] or []) if page and not more else None
    if not more:
        count = ResultCount(results)
    elif not active:
        count = ResultCount(selectors.COUNT_BOUND, at_least=True, facets_among=selectors.COUNT_BOUND)
    else:
        if page:  # counted up to the bound in the same query, with the page when within it
            counted = selectors.bounded(totals[len(Theme) + 5])
            rows = totals[len(Theme) + 6] or []
            entries = None if counted.at_least else selectors.entry_list_from_rows(rows)
        else:
            counted = selectors.entry_search_count(viewer=viewer, filters=filters)
        count = ResultCount(counted, at_least=counted.at_least, facets_among=selectors.COUNT_BOUND)
    return (shaped, count, entries) if page else (shaped, count)


def _page_sql(source: str, cond: str, cond_params: list, guard: str, guard_params: list, filters, page):
    """A column of the facets' query: page ``page`` (number, size) of the rows of
    ``source`` meeting ``cond`` (when ``guard`` holds), in ``selectors.entry_search``'s order:
    the full-text rank when they are at most ``RANK_LIMIT`` (it reads each one's vector), the
    words in the title (carried by ``source``), the date. The full-text rank reads the vector
    from the entries' table for these rows only, not for every match the facets count. The
    page's rows come with it, what the page shows of them (``selectors.SHOWN_COLUMNS``)."""
    number, size = page
    (rank_sql, rank_params), (title_sql, title_params) = selectors.search_rank_sql(filters)
    title_sql = title_sql.replace(f"{Entry._meta.db_table}.title", f"{source}.title")  # carried by ``source``
    table = Entry._meta.db_table
    shown = ", ".join(f"x.{column}" for column in selectors.SHOWN_COLUMNS)
    sql = (
        # In the grand total's row only: the other rows' copies would each be sent and decoded.
        f", CASE WHEN GROUPING(kind, province, year, organisation_id) = {_ALL} THEN"
        f" (SELECT json_agg(json_build_array({shown}, g.name_mn, g.name_en) ORDER BY shown.o)"
        " FROM (SELECT id, row_number() OVER (ORDER BY"
        f" (CASE WHEN (SELECT COUNT(*) FROM {source} WHERE {cond}) <= %s"
        f" THEN (SELECT {rank_sql} FROM {table} WHERE {table}.id = {source}.id) ELSE 0 END)"
        f" + {title_sql} DESC, dated_at DESC, id DESC) AS o"
        f" FROM {source} WHERE {cond} AND {guard} ORDER BY o LIMIT %s OFFSET %s) AS shown"
        f" JOIN {table} AS x ON x.id = shown.id"
        f" LEFT JOIN {Organisation._meta.db_table} AS g ON g.id = x.organisation_id) END"
    )
    params = [*cond_params, selectors.RANK_LIMIT, *rank_params, *title_params, *cond_params, *guard_params]
    return sql, [*params, size, (number - 1) * size]


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
