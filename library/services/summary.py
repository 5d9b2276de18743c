"""The search's counts without words (``FacetCount``), kept in step with the entries by the
index services: every write of an entry adds its new keys and takes away its old ones in
the same transaction (``summary_change``); ``summary_rebuild`` counts them all again (a full
reindex, a bulk load).

For one entry the keys are its (facet, value) pairs (kind, each theme, the languages it can
be read in, organisation, province, year): under the filter "" (every entry) each pair and
the total count once, and under each of its pairs as a filter, each pair of another facet
and the total count once (a facet counts with the other filters applied, never its own)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction

from cop_portal.pagecache import invalidate

from ..models import Entry, FacetCount

# The entry's fields the keys are made of.
FIELDS = ("members_only", "kind", "themes", "has_english", "language", "organisation_id", "province", "year")
TOTAL = ("", "")
_CHUNK = 1000  # keys per statement (SQLite's bound on parameters)


def pairs(row: dict) -> list[tuple[str, str]]:
    """The (facet, value) pairs of one entry (``row`` has ``FIELDS``)."""
    found = [("kind", row["kind"])]
    found += [("theme", t) for t in (row["themes"] or "").split(",") if t]
    if row["has_english"]:
        found.append(("lang", "en"))
    if row["language"] == "mn":
        found.append(("lang", "mn"))
    if row["organisation_id"]:
        found.append(("organisation", str(row["organisation_id"])))
    if row["province"]:
        found.append(("province", row["province"]))
    if row["year"] is not None:
        found.append(("year", str(row["year"])))
    return found


def keys(row: dict) -> list[tuple]:
    """The ``FacetCount`` keys one entry counts in: (members_only, filter, filter_value, facet, value)."""
    own = pairs(row)
    hidden = bool(row["members_only"])
    out = [(hidden, "", "", *pair) for pair in [TOTAL, *own]]
    for name, value in own:
        out += [(hidden, name, value, *pair) for pair in [TOTAL, *own] if pair[0] != name]
    return out


def count(rows: Iterable[dict], sign: int = 1) -> Counter:
    counts: Counter = Counter()
    for row in rows:
        for key in keys(row):
            counts[key] += sign
    return counts


def summary_change(before: Iterable[dict], after: Iterable[dict]) -> None:
    """Entries ``before`` were replaced by ``after`` (either may be empty): the counts follow,
    in one statement (adding to the stored counts, so concurrent writers do not lose one)."""
    delta = count(after)
    delta.subtract(count(before))
    changed = [(*key, n) for key, n in sorted(delta.items()) if n]
    if not changed:
        return
    table = FacetCount._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(changed), _CHUNK):
            chunk = changed[start : start + _CHUNK]
            values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (members_only, filter, filter_value, facet, value, n) VALUES {values}"
                " ON CONFLICT (filter, filter_value, members_only, facet, value)"
                f" DO UPDATE SET n = {table}.n + EXCLUDED.n",
                [v for row in chunk for v in row],
            )


def entry_rows(qs) -> list[dict]:
    """What the counts need of the entries of ``qs``."""
    return list(qs.values(*FIELDS))


@transaction.atomic
def summary_rebuild() -> int:
    """Count every entry again (after a bulk load or a full reindex); the number of keys."""
    counts: Counter = Counter()
    for row in Entry.objects.values(*FIELDS).iterator(chunk_size=2000):
        for key in keys(row):
            counts[key] += 1
    FacetCount.objects.all().delete()
    FacetCount.objects.bulk_create(
        [
            FacetCount(members_only=k[0], filter=k[1], filter_value=k[2], facet=k[3], value=k[4], n=n)
            for k, n in counts.items()
        ],
        batch_size=2000,
    )
    invalidate("library")  # the search pages' cache name (``index.CACHE_NAME``)
    return len(counts)
