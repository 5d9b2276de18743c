"""Reads of the common words whose matches are kept (``models_common``): which search they
serve, and their matches as a reader may see them (the search's facets and the API's count read
these instead of the entries). Which words are kept comes with the words' near spellings
(``selectors.search_prepare``: ``Filters.common``)."""

from __future__ import annotations

from django.db import connection

from . import selectors
from .models import CommonWordMatch
from .permissions import user_sees_members_only
from .selectors import Filters, ResultCount


def common_word_candidate(filters: Filters) -> str | None:
    """The word of a one-word search (as a prefix: no near spellings) whose matches are not
    kept; noted when it finds more entries than the search counts (``services.common_word_asked``)."""
    if filters.near is None or len(filters.near) != 1 or filters.near[0][1] or filters.common:
        return None
    return filters.near[0][0]


def common_word_matches_sql(*, viewer, word_id: int, filters: Filters) -> tuple[str, list]:
    """A WHERE clause (SQL, parameters) of the matches of common word ``word_id`` that ``viewer``
    may read (as ``selectors._visible``) passing every filter of ``filters``: the same entries
    as ``selectors.entry_search_base`` finds, read from their kept matches."""
    where, params = ["word_id = %s"], [word_id]
    if not user_sees_members_only(viewer):
        where.append("NOT members_only")
    tests = (
        ("kind = %s", filters.kind),
        ("themes LIKE %s", filters.theme and f"%,{filters.theme},%"),
        ("has_english", filters.lang == "en"),
        ("language = 'mn'", filters.lang == "mn"),
        ("organisation_id = %s", filters.organisation),
        ("province = %s", filters.province),
        ("year = %s", filters.year),
    )
    for sql, value in tests:
        if value:
            where.append(sql)
            params += [value] if "%s" in sql else []
    return " AND ".join(where), params


def common_word_count(*, viewer, filters: Filters) -> ResultCount | None:
    """The number of results of a search for a common word whose matches are kept, counted up
    to ``COUNT_BOUND`` from them (one query through the index of the newest, instead of the
    full-text index listing every match); None for any other search."""
    if not filters.common:
        return None
    where, params = common_word_matches_sql(viewer=viewer, word_id=filters.common, filters=filters)
    table = CommonWordMatch._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {where} LIMIT %s) AS matches",
            [*params, selectors.COUNT_BOUND + 1],
        )
        return selectors.bounded(cursor.fetchone()[0])
