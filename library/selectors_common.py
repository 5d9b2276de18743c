"""Reads of the common words whose matches are kept (``models_common``): which words, and
their matches as a reader may see them (the search's facets read these instead of the entries)."""

from __future__ import annotations

from django.db import connection

from cop_portal import pagecache

from .models import CommonWord
from .permissions import user_sees_members_only
from .selectors import Filters

# The common words whose matches are kept (``common_words_kept``): dropped when one is filled.
COMMON_WORDS_CACHE_NAME = "library:common-words"
COMMON_WORDS_SECONDS = 3600


def common_words_kept() -> dict[str, int]:
    """The common words whose matches are kept (filled), with their ids (PostgreSQL; none
    elsewhere): kept until a word is filled or forgotten (``COMMON_WORDS_CACHE_NAME``)."""
    if connection.vendor != "postgresql":
        return {}
    return pagecache.cached(
        "library:common-words:filled",
        names=(COMMON_WORDS_CACHE_NAME,),
        audience="public",
        build=lambda: dict(CommonWord.objects.filter(filled_at__isnull=False).values_list("word", "id")),
        timeout=COMMON_WORDS_SECONDS,
    )


def _one_word(filters: Filters) -> str | None:
    """The word of a search for one word as a prefix (no near spellings: ``search_prepare``
    found indexed words starting with it), else None."""
    if filters.near is None or len(filters.near) != 1 or filters.near[0][1]:
        return None
    return filters.near[0][0]


def common_word(filters: Filters) -> int | None:
    """The id of the common word a search is for when its matches are kept, else None (the
    search reads the entries)."""
    word = _one_word(filters)
    return common_words_kept().get(word) if word else None


def common_word_candidate(filters: Filters) -> str | None:
    """The word of a one-word search whose matches are not kept (noted when it finds more
    entries than the search counts: ``services.common_word_asked``)."""
    word = _one_word(filters)
    return word if word and word not in common_words_kept() else None


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
