"""Reads of the library: the search (access control inside the query), its facets, items.

Who may read what is decided in the first line of every read (``_visible``): results,
counts, facets and snippets all come from that one queryset, so a members-only title never
reaches a visitor by any of them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from types import SimpleNamespace

from django.db import connection, transaction
from django.db.models import Count, FloatField, QuerySet, Window
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from cop_portal import pagecache

from .models import CommonWord, Entry, Item
from .permissions import user_sees_members_only
from .text import terms as query_terms

# On PostgreSQL a word matches as the prefix of an indexed word, or as one of its near
# spellings in the lexicon (``Word``, pg_trgm similarity), all by full text (``simple``).
_PG_TERM = "library_entry.search_vector @@ to_tsquery('simple', %s)"
_PG_RANK = "ts_rank(library_entry.search_vector, to_tsquery('simple', %s))"
# A word's near spellings: the lexicon's nearest words (GiST, in distance order, so bounded)
# that are similar enough, looked up only when no indexed word starts with it (the prefix
# already finds those). One such part per word, joined into one query.
_PG_NEAR = (
    "SELECT %s, word, NULL::bigint FROM (SELECT word FROM library_word ORDER BY word <-> %s LIMIT 4) AS nearest"
    " WHERE word %% %s AND word <> %s"
    " AND NOT EXISTS (SELECT 1 FROM library_word WHERE word LIKE %s)"
)
# A one-word search's word with its id when its matches are kept (``models_common``): same query.
_PG_KEPT = f"SELECT word, NULL, id FROM {CommonWord._meta.db_table} WHERE word = %s AND filled_at IS NOT NULL"
# A word of the title counts more: the title folded as the index text is (``text.normalise``).
_PG_TITLE = (
    "(CASE WHEN strpos(translate(lower(library_entry.title), 'өүёѳұ', 'оуеоу'), %s) > 0 THEN 1 ELSE 0 END)"
)
MIN_NEAR_LENGTH = 4
# What is looked up of searched words (``words_looked_up_kept``): dropped by the index services
# when an entry is written (its words may join the lexicon; entries removed leave theirs in it),
# and when a common word's matches start or stop being kept.
LEXICON_CACHE_NAME = "library:lexicon"
COMMON_WORDS_CACHE_NAME = "library:common-words"
NEAR_SECONDS = 600


@dataclass(frozen=True)
class Filters:
    q: str = ""
    kind: str = ""
    theme: str = ""
    lang: str = ""
    organisation: int | None = None
    province: str = ""
    year: int | None = None
    # (word, near spellings) per word of ``q``, from ``search_prepare`` (one query, read once).
    near: tuple[tuple[str, tuple[str, ...]], ...] | None = None
    # The id of a one-word search's word (no near spellings) whose matches are kept (``search_prepare``).
    common: int | None = None


@dataclass(frozen=True)
class LookedUp:
    """What is read of a query's words: their near spellings, (word, near spelling) pairs, and
    for a one-word query, the word's id when its matches are kept (``models_common``)."""

    near: tuple[tuple[str, str], ...] = ()
    kept: int | None = None


def _looks_up(words: list[str]) -> bool:
    return len(words) == 1 or any(len(w) >= MIN_NEAR_LENGTH for w in words)


def words_looked_up(words: list[str]) -> LookedUp:
    """The near spellings of ``words`` (each at least ``MIN_NEAR_LENGTH`` long) from the lexicon
    and, for one word, its id when its matches are kept (PostgreSQL; one query)."""
    longer = [w for w in words if len(w) >= MIN_NEAR_LENGTH]
    like = [w.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%" for w in longer]
    parts = [f"({_PG_NEAR})" for _ in longer] + ([f"({_PG_KEPT})"] if len(words) == 1 else [])
    if not parts:
        return LookedUp()
    params = [p for w, pattern in zip(longer, like, strict=True) for p in (w, w, w, w, pattern)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params + (words if len(words) == 1 else []))
        rows = cursor.fetchall()
    kept = next((k for _term, _word, k in rows if k is not None), None)
    return LookedUp(near=tuple((term, word) for term, word, k in rows if k is None), kept=kept)


def words_looked_up_kept(words: list[str]) -> LookedUp:
    """``words_looked_up``, kept per words (the same for every reader) until the index services
    write an entry or a common word's matches start or stop being kept."""
    if not _looks_up(words):
        return LookedUp()
    key = hashlib.sha256("\n".join(words).encode()).hexdigest()[:32]
    return pagecache.cached(
        f"library:words:{key}",
        names=(LEXICON_CACHE_NAME, COMMON_WORDS_CACHE_NAME),
        audience="public",
        build=lambda: words_looked_up(words),
        timeout=NEAR_SECONDS,
    )


def search_prepare(filters: Filters, *, lookup: Callable[[list[str]], LookedUp] = words_looked_up) -> Filters:
    """``filters`` with the near spellings of its words and, for one word whose matches are
    kept, its id (PostgreSQL; ``lookup``, by default one query: the search page keeps them per
    words until the lexicon gains words or a common word is kept or forgotten)."""
    words = query_terms(filters.q)
    found: dict[str, list[str]] = {w: [] for w in words}
    looked = lookup(words) if words and _is_postgres() else LookedUp()
    for term, word in looked.near:
        found[term].append(word)
    near = tuple((w, tuple(n)) for w, n in found.items())
    prefix = len(near) == 1 and not near[0][1]  # indexed words start with it: no near spellings
    return replace(filters, near=near, common=looked.kept if prefix else None)


def _tsquery(word: str, near: tuple[str, ...]) -> str:
    """``word`` as a prefix, or any of its near spellings (letters and digits only)."""
    return " | ".join([f"{word}:*", *(n for n in near if n.isalnum())])


def _visible(viewer) -> QuerySet[Entry]:
    qs = Entry.objects.all()
    if not user_sees_members_only(viewer):
        qs = qs.filter(members_only=False)
    return qs


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _pg_filter(qs: QuerySet[Entry], near, *, walk: bool = False) -> QuerySet[Entry]:
    """Every word must match: as a prefix of an indexed word, or by a near spelling. ``walk``:
    written so that the full-text index cannot answer it (``IS TRUE``), so the entries are
    read in the order of the query's ORDER BY index and tested one by one until the LIMIT:
    for a word in thousands of entries a page is found after a few dozen rows."""
    term = f"({_PG_TERM}) IS TRUE" if walk else _PG_TERM
    return qs.extra(where=[term] * len(near), params=[_tsquery(w, n) for w, n in near])


def entry_search_base(*, viewer, filters: Filters, walk: bool = False) -> QuerySet[Entry]:
    """Entries ``viewer`` may read matching the query and every filter (no ordering).
    ``walk`` (PostgreSQL): the words are tested on the rows an ordered index reads, not
    looked up in the full-text index (``_pg_filter``); only for a word known to be common."""
    qs = _visible(viewer)
    words = query_terms(filters.q)
    if words:
        if _is_postgres():
            near = filters.near if filters.near is not None else search_prepare(filters).near
            qs = _pg_filter(qs, near, walk=walk)
        else:
            for word in words:
                qs = qs.filter(search_text__contains=word)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.theme:
        qs = qs.filter(themes__contains=f",{filters.theme},")
    if filters.lang == "en":
        qs = qs.filter(has_english=True)
    elif filters.lang == "mn":
        qs = qs.filter(language="mn")
    if filters.organisation:
        qs = qs.filter(organisation_id=filters.organisation)
    if filters.province:
        qs = qs.filter(province=filters.province)
    if filters.year:
        qs = qs.filter(year=filters.year)
    return qs


def entry_search(*, viewer, filters: Filters, ranked: bool = True, newest: bool = False) -> QuerySet[Entry]:
    """The results, best first (newest first without a query). Not ``ranked`` (a word found in
    thousands of entries), only the words in the title count, then the date: the full-text
    rank reads every match's whole vector. ``newest`` (more results than ``COUNT_BOUND``):
    newest first, read through the date index, testing the words on each row until the page
    is full (``walk``), instead of ordering every match."""
    if filters.near is None and _is_postgres() and filters.q:
        filters = search_prepare(filters)  # once for the filter and the rank
    if newest:
        qs = entry_search_base(viewer=viewer, filters=filters, walk=True)
        return qs.select_related("organisation").order_by("-dated_at", "-id")
    qs = entry_search_base(viewer=viewer, filters=filters).select_related("organisation")
    words = query_terms(filters.q)
    if not words:
        return qs.order_by("-dated_at", "-id")
    # The index text starts with the normalised title and a newline: a word in the title counts more.
    if _is_postgres():
        # The title from its own short column, not the long index text (read for every match).
        near = filters.near if filters.near is not None else search_prepare(filters).near
        either = " | ".join(_tsquery(w, n) for w, n in near)
        if ranked:
            sql = " + ".join([_PG_RANK] + [_PG_TITLE] * len(words))
            params = [either, *words]
        else:
            sql = " + ".join([_PG_TITLE] * len(words))
            params = words
    else:
        sql = " + ".join(
            ["(instr(substr(search_text, 1, instr(search_text || char(10), char(10))), %s) > 0)"] * len(words)
        )
        params = words
    rank = RawSQL(sql, params, output_field=FloatField())
    return qs.annotate(rank=rank).order_by("-rank", "-dated_at", "-id")


def search_rank_sql(filters: Filters) -> tuple[tuple[str, list], tuple[str, list]]:
    """The two parts of ``entry_search``'s rank of a search with words (PostgreSQL), as SQL
    over ``library_entry`` with its parameters, for a page ordered elsewhere (the facets'
    query): the full-text rank (read only when the results are few) and the words in the title."""
    words = query_terms(filters.q)
    near = filters.near if filters.near is not None else search_prepare(filters).near
    either = " | ".join(_tsquery(w, n) for w, n in near)
    return (_PG_RANK, [either]), (" + ".join([_PG_TITLE] * len(words)), words)


# The plan of ``search_plan`` for one statement: sent with it (autocommit: the two are one
# implicit transaction, so the setting ends with the statement), no round trips of its own.
_PLAN = "SET LOCAL enable_seqscan = off; "


def planned(sql: str, filters: Filters) -> str:
    """``sql`` (a statement of a search with words reading the entries by the full-text index)
    under ``search_plan``'s plan, on PostgreSQL; as it is otherwise."""
    return _PLAN + sql if _is_postgres() and query_terms(filters.q) else sql


@contextmanager
def search_plan(filters: Filters) -> Iterator[None]:
    """Around the queries of a search with words: on PostgreSQL they read the entries through
    the full-text index. For a word in thousands of entries the planner prefers reading the
    whole table, not counting that it then reads every entry's vector (seconds, against a
    tenth of that through the index); for these queries only (SET LOCAL, in a transaction of
    their own) that plan is ruled out."""
    if not (_is_postgres() and query_terms(filters.q)):
        yield
        return
    with transaction.atomic(savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        yield


# Above this many results the full-text rank is left out (``entry_search(ranked=False)``).
RANK_LIMIT = 500
# A search counts its results up to this many (shown as "more than 1,000"), its facets among
# this many of them, and above it orders them newest first through the date index: a word
# found in a fifth of the entries then costs what a rare one does.
COUNT_BOUND = 1000


class ResultCount(int):
    """How many results there are, as an int; ``at_least``: more than that (counted up to
    ``COUNT_BOUND`` only); ``facets_among``: the facets were counted among that many of the
    results (the first found), not all, else None."""

    at_least: bool
    facets_among: int | None

    def __new__(cls, value: int, *, at_least: bool = False, facets_among: int | None = None):
        self = super().__new__(cls, value)
        self.at_least, self.facets_among = at_least, facets_among
        return self

    def __reduce__(self):  # kept in the page cache
        return _result_count, (int(self), self.at_least, self.facets_among)


def _result_count(value: int, at_least: bool, facets_among: int | None) -> ResultCount:
    return ResultCount(value, at_least=at_least, facets_among=facets_among)


def bounded(count: int, *, facets_among: int | None = None) -> ResultCount:
    """``count`` as shown: above ``COUNT_BOUND``, "more than COUNT_BOUND"."""
    if count > COUNT_BOUND:
        return ResultCount(COUNT_BOUND, at_least=True, facets_among=facets_among)
    return ResultCount(count, facets_among=facets_among)


def entry_search_count(*, viewer, filters: Filters) -> ResultCount:
    """The number of results, counted up to ``COUNT_BOUND`` (one query reading at most one
    more than that many matches, through the full-text index: ``planned``)."""
    qs = entry_search_base(viewer=viewer, filters=filters).order_by().values("id")[: COUNT_BOUND + 1]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(planned(f"SELECT COUNT(*) FROM ({sql}) AS matches", filters), params)
        return bounded(cursor.fetchone()[0])


def entry_search_is_common(*, viewer, filters: Filters) -> bool:
    """Whether a search with words has more than ``COUNT_BOUND`` results (PostgreSQL; one
    bounded query, under ``search_plan``): then a page ordered by an index is read by walking
    that index (``entry_search_base(walk=True)``), not by sorting every match."""
    if not (_is_postgres() and query_terms(filters.q)):
        return False
    return entry_search_count(viewer=viewer, filters=filters).at_least


def entry_search_page(
    *, viewer, filters: Filters, number: int, size: int, count: int | None = None
) -> tuple[list[Entry], int] | None:
    """Page ``number`` of the results and how many there are: ``count`` if known (the facets'
    query counted them, up to ``COUNT_BOUND``: above it the newest first), else counted with
    the page in one query (a window count over the matches, which the ranking reads anyway;
    SQLite) and shown bounded alike; None past the end, or past ``COUNT_BOUND`` results
    when there are more (only the first ``COUNT_BOUND`` are paged through). Only what the page
    shows is read (``SHOWN_FIELDS``): not the long index text, the body for its snippet."""
    counted = count is None
    offset = (number - 1) * size
    if getattr(count, "at_least", False) and offset >= count:
        return None  # past the bound: as past the end (the pages of the first COUNT_BOUND only)
    ranked = counted or count <= RANK_LIMIT
    newest = not counted and getattr(count, "at_least", False) and _is_postgres()
    qs = entry_search(viewer=viewer, filters=filters, ranked=ranked, newest=newest).only(*SHOWN_FIELDS)
    if counted:
        qs = qs.annotate(total=Window(Count("id")))
    entries = list(qs[offset : offset + size])
    if not entries and number > 1:
        return None
    if not counted:
        return entries, count
    total = bounded(entries[0].total if entries else 0)
    return (entries, total) if not total.at_least or offset < total else None


# What a page of results shows of each entry (and its organisation's names).
SHOWN_FIELDS = (
    "source",
    "title",
    "title_en",
    "body",
    "summary_en",
    "members_only",
    "url",
    "dated_at",
    "organisation__name_mn",
    "organisation__name_en",
)


# The same as columns of the entries' table, in the order ``entry_list_from_rows`` reads them
# (after them, the organisation's two names).
SHOWN_COLUMNS = ("id", *(field for field in SHOWN_FIELDS if "__" not in field), "organisation_id")


class ShownEntry(SimpleNamespace):
    """What a page of results shows of an entry the facets' query found: its ``SHOWN_COLUMNS``
    and its organisation's names (``organisation``, or None), read only. Not a model instance:
    building twenty of those cost more than the rest of the page's rows."""

    @property
    def pk(self) -> int:
        return self.id


def entry_list_from_rows(rows: list[list]) -> list[ShownEntry]:
    """The entries of a page the facets' query found (``SHOWN_COLUMNS`` and the organisation's
    names of each, as JSON): not saved, only shown."""
    entries = []
    for *values, name_mn, name_en in rows:
        entry = ShownEntry(**dict(zip(SHOWN_COLUMNS, values, strict=True)))
        entry.dated_at = datetime.fromisoformat(entry.dated_at)
        entry.organisation = (
            SimpleNamespace(name_mn=name_mn, name_en=name_en or "")
            if entry.organisation_id is not None
            else None
        )
        entries.append(entry)
    return entries


SOURCE_KIND_LABELS = {
    "practice": _("Good practice"),
    "material": _("Meeting material"),
    "minutes": _("Meeting minutes"),
    "report": _("Convention report"),
    "plan": _("Joint plan action"),
    "proposal": _("Accepted proposal"),
}
LANGUAGE_FACET = (("en", _("In English")), ("mn", _("In Mongolian")))


def item_get(*, pk: int) -> Item | None:
    return Item.objects.select_related("organisation", "added_by").filter(pk=pk).first()


def entry_list_latest(*, viewer=None, limit: int = 30) -> list[Entry]:
    """The newest public entries (the feed)."""
    return list(_visible(viewer).select_related("organisation").order_by("-dated_at", "-id")[:limit])
