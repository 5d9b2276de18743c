"""The search's facets: counts per value of each filter, over what the reader may see (the
same queryset as the results, ``selectors.entry_search_base``, or the summary's public rows
only), so a members-only entry is never counted for a visitor."""

from __future__ import annotations

from dataclasses import replace

from django.db import connection
from django.db.models import Count, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language

from members.models import Organisation, Province

from . import selectors, selectors_common
from .models import CommonWordMatch, Entry, FacetCount, Item, Theme
from .permissions import user_sees_members_only
from .selectors import LANGUAGE_FACET, SOURCE_KIND_LABELS, Filters, ResultCount
from .text import terms as query_terms

FACET_FILTERS = ("kind", "theme", "lang", "organisation", "province", "year")
_CLEARED = {"kind": "", "theme": "", "lang": "", "organisation": None, "province": "", "year": None}
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
    """Every facet in one query over the bounded matches: each facet's counts take the rows
    passing every filter but its own.

    With ``page`` (number, size): also the entries of that page among the matches passing every
    filter, ordered as ``selectors.entry_search`` orders them (the full-text rank up to
    ``RANK_LIMIT`` results, then the words in the title, then the date), read from the same
    bounded matches; the result is then (facets, count, entries or None).

    Bounded: the pass reads the first ``COUNT_BOUND`` + 1 matches of the words (the order the
    full-text index finds them; for a common word whose matches are kept, the newest), never
    more. Up to ``COUNT_BOUND`` matches everything is counted; above it the facets count among
    the first ``COUNT_BOUND`` (``facets_among``) and the results are "more than
    ``COUNT_BOUND``" (without filters), or counted up to it (with filters: in the same query
    with a page, else in one more, ``selectors.entry_search_count``)."""
    active = _active(filters)
    common = filters.common
    cleared = replace(filters, **_CLEARED)
    inner_sql, inner_params = _bounded_matches(viewer, cleared, common, facts=True, shown=bool(page))
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

    # One row, so the page's entries and the counts are sent once: each grouped facet's values
    # with their counts (as JSON), counted over the rows passing every filter but its own; then
    # the themes, the languages, the results (every filter passed) and whether there are more
    # than the bound. The organisations' names are joined to their counts, not to every match.
    columns, params = [], []
    for name in _GROUPED[:3]:
        sql, args = passing(but=name)
        columns.append(
            f"(SELECT json_agg(json_build_array({name}, n)) FROM"
            f" (SELECT {name}, COUNT(*) AS n FROM e WHERE {sql} GROUP BY {name}) AS g)"
        )
        params += args
    sql, args = passing(but="organisation")
    columns.append(
        "(SELECT json_agg(json_build_array(g.organisation_id, o.name_mn, o.name_en, g.n)) FROM"
        f" (SELECT organisation_id, COUNT(*) AS n FROM e WHERE {sql} GROUP BY organisation_id) AS g"
        f" JOIN {Organisation._meta.db_table} AS o ON o.id = g.organisation_id)"
    )
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
    ctes, cte_params, page_sql, page_params = "", [], "", []
    if page:
        # The page among the matches passing every filter (when none is past the bound), or with
        # filters and more matches than the bound, among the first of those passing every filter
        # (``f``, read only then: up to the bound they are all, so it is their page and count).
        # A common word's kept matches come newest first: past the bound its page is the newest
        # (as ``selectors.entry_search(newest=True)`` would read them), from ``e`` without
        # filters, from ``f`` with them.
        number, size = page
        sql, args = passing()
        bound = selectors.COUNT_BOUND
        more = "EXISTS (SELECT 1 FROM e WHERE rn > %s)"
        title = "(CASE WHEN {source}.in_title THEN 1 ELSE 0 END)" if common else None
        guard, guard_params = ("TRUE", []) if common and not active else (f"NOT {more}", [bound])
        newest = (more, [bound]) if common else ("FALSE", [])
        page_sql, page_params = _page_sql(
            "e", sql, args, guard, guard_params, filters, page, title=title, newest=newest
        )
        if active:
            passed_sql, cte_params = _bounded_matches(viewer, filters, common, facts=False, shown=True)
            ctes = f", f AS ({passed_sql})"
            if common is None:  # the page within the bound only (past it: the date walk)
                within = ("TRUE", [], f"{more} AND (SELECT COUNT(*) FROM f) <= %s", [bound] * 2)
                newest = ("FALSE", [])
            else:
                within = ("rn <= %s", [bound], more, [bound])
                newest = ("(SELECT COUNT(*) FROM f) > %s", [bound])
            f_sql, f_params = _page_sql("f", *within, filters, page, title=title, newest=newest)
            page_sql += f", (CASE WHEN {more} THEN (SELECT COUNT(*) FROM f) END){f_sql}"
            page_params += [bound, *f_params]
    sql = f"WITH e AS ({inner_sql}){ctes} SELECT {', '.join(columns)}{page_sql} FROM e"
    with connection.cursor() as cursor:
        cursor.execute(
            selectors.planned(sql, filters),
            [*inner_params, *cte_params, *params, *page_params],
        )
        row = cursor.fetchone()
    found_kinds, found_provinces, found_years, found_orgs = (part or [] for part in row[:4])
    kinds = {kind: n for kind, n in found_kinds if n}
    provinces = {province: n for province, n in found_provinces if province and n}
    years = {year: n for year, n in found_years if year is not None and n}
    orgs = [(org, name_mn, name_en, n) for org, name_mn, name_en, n in found_orgs if n]
    totals = row[4:]
    theme_counts = dict(zip(Theme.values, totals[: len(Theme)], strict=True))
    langs = {"en": totals[len(Theme)], "mn": totals[len(Theme) + 1]}
    shaped = _shape(kinds, theme_counts, langs, sorted(years.items(), reverse=True), provinces, orgs)
    results, more = totals[len(Theme) + 2], totals[len(Theme) + 3]
    # The first page's rows: every match within the bound, or a common word's newest.
    first = page and (not more or (common is not None and not active))
    entries = selectors.entry_list_from_rows(totals[len(Theme) + 4] or []) if first else None
    if not more:
        count = ResultCount(results)
    elif not active:
        count = ResultCount(selectors.COUNT_BOUND, at_least=True, facets_among=selectors.COUNT_BOUND)
    else:
        if page:  # counted up to the bound in the same query, with the page when within it
            counted = selectors.bounded(totals[len(Theme) + 5])
            rows = totals[len(Theme) + 6] or []
            entries = None if counted.at_least and common is None else selectors.entry_list_from_rows(rows)
        else:
            counted = selectors.entry_search_count(viewer=viewer, filters=filters)
        count = ResultCount(counted, at_least=counted.at_least, facets_among=selectors.COUNT_BOUND)
    if page and count.at_least and entries == [] and page[0] > 1:
        entries = None  # a common word's page past the bound: as past the end
    return (shaped, count, entries) if page else (shaped, count)


# What the facets count of each match (beside its order, ``rn``).
_FACTS = ("kind", "province", "year", "organisation_id", "themes", "has_english", "language")
_NEWEST = "ORDER BY dated_at DESC, entry_id DESC"


def _bounded_matches(viewer, filters: Filters, common: int | None, *, facts: bool, shown: bool):
    """SQL and parameters of the first ``COUNT_BOUND`` + 1 matches of ``filters`` (its words and
    every filter) that ``viewer`` may read: with ``facts``, what the facets count and their order
    (``rn``); with ``shown``, what orders a page (id, date, the title or whether the word is in
    it). From the entries through the full-text index, in the order it finds them; or for a
    common word (``common``, its id), from its kept matches, newest first."""
    if common is None:
        qs = selectors.entry_search_base(viewer=viewer, filters=filters).order_by()
        if facts:
            qs = qs.annotate(rn=Window(RowNumber()))
        qs = qs.values(*(("id", "dated_at", "title") if shown else ()), *(_FACTS + ("rn",) if facts else ()))
        return qs[: selectors.COUNT_BOUND + 1].query.sql_with_params()
    # Written out (not compiled by the ORM: a millisecond a search), through the index of the newest.
    where, params = selectors_common.common_word_matches_sql(viewer=viewer, word_id=common, filters=filters)
    columns = (*(("dated_at", "in_title") if shown else ()), *(_FACTS if facts else ()))
    columns += (f"ROW_NUMBER() OVER ({_NEWEST}) AS rn",)
    table = CommonWordMatch._meta.db_table
    sql = f"SELECT entry_id AS id, {', '.join(columns)} FROM {table} WHERE {where} {_NEWEST} LIMIT %s"
    return sql, [*params, selectors.COUNT_BOUND + 1]


def _page_sql(
    source: str,
    cond: str,
    cond_params: list,
    guard: str,
    guard_params: list,
    filters,
    page,
    *,
    title: str | None = None,
    newest: tuple[str, list] = ("FALSE", []),
):
    """A column of the facets' query: page ``page`` (number, size) of the rows of
    ``source`` meeting ``cond`` (when ``guard`` holds), in ``selectors.entry_search``'s order:
    the full-text rank when they are at most ``RANK_LIMIT`` (it reads each one's vector), the
    words in the title (carried by ``source``, or ``title``: SQL of ``{source}``), the date;
    the date only when ``newest`` holds. The full-text rank reads the vector
    from the entries' table for these rows only, not for every match the facets count. The
    page's rows come with it, what the page shows of them (``selectors.SHOWN_COLUMNS``)."""
    number, size = page
    (rank_sql, rank_params), (title_sql, title_params) = selectors.search_rank_sql(filters)
    if title is None:
        title_sql = title_sql.replace(
            f"{Entry._meta.db_table}.title", f"{source}.title"
        )  # carried by ``source``
    else:
        title_sql, title_params = title.format(source=source), []
    newest_sql, newest_params = newest
    if not title_sql:  # no words (two filters or more): newest first, as ``entry_search`` orders them
        title_sql, newest_sql, newest_params = "0", "TRUE", []
    table = Entry._meta.db_table
    shown = ", ".join(f"x.{column}" for column in selectors.SHOWN_COLUMNS)
    sql = (
        f", (SELECT json_agg(json_build_array({shown}, g.name_mn, g.name_en) ORDER BY shown.o)"
        " FROM (SELECT id, row_number() OVER (ORDER BY"
        f" (CASE WHEN {newest_sql} THEN 0 ELSE"
        f" (CASE WHEN (SELECT COUNT(*) FROM {source} WHERE {cond}) <= %s"
        f" THEN (SELECT {rank_sql} FROM {table} WHERE {table}.id = {source}.id) ELSE 0 END)"
        f" + {title_sql} END) DESC, dated_at DESC, id DESC) AS o"
        f" FROM {source} WHERE {cond} AND {guard} ORDER BY o LIMIT %s OFFSET %s) AS shown"
        f" JOIN {table} AS x ON x.id = shown.id"
        f" LEFT JOIN {Organisation._meta.db_table} AS g ON g.id = x.organisation_id)"
    )
    params = [
        *newest_params,
        *cond_params,
        selectors.RANK_LIMIT,
        *rank_params,
        *title_params,
        *cond_params,
        *guard_params,
    ]
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
