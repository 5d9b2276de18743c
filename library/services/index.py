"""The search index: one ``Entry`` per source object, written here only.

Library's own items are written by their services at once; what the other apps know is
brought in by ``index_refresh`` (a periodic task and the ``library_reindex`` command), which
compares each source's last change with the entry's and rewrites only what changed, and
drops entries whose source is gone or no longer public. Running it twice changes nothing."""

from __future__ import annotations

from django.db import connection, transaction

from cop_portal.pagecache import invalidate

from .. import sources
from ..models import Entry, Language, Word
from ..text import index_text, terms
from .summary import FIELDS, entry_rows, summary_change, summary_rebuild

# What cached search pages are built from (``pagecache`` name): dropped when an entry changes.
CACHE_NAME = "library"


def _fields(doc: sources.Document) -> dict:
    return {
        "kind": doc.kind,
        "title": doc.title[:300],
        "title_en": doc.title_en[:300],
        "body": doc.body,
        "summary_en": doc.summary_en,
        "language": doc.language,
        "has_english": bool(doc.language == Language.ENGLISH or doc.title_en or doc.summary_en),
        "members_only": doc.members_only,
        "themes": "," + ",".join(doc.themes) + "," if doc.themes else "",
        "organisation_id": doc.organisation_id,
        "province": doc.province,
        "year": doc.year,
        "url": doc.url,
        "dated_at": doc.dated_at,
        "source_updated_at": doc.updated_at,
        "search_text": index_text(doc.title, doc.title_en, doc.body, doc.summary_en, doc.extra),
    }


@transaction.atomic
def entry_upsert(doc: sources.Document) -> Entry:
    """Write the entry of one source object (created or replaced); cached searches drop."""
    before, after, entry = _write(doc)
    summary_change(before, [after])
    invalidate(CACHE_NAME)
    return entry


def _write(doc: sources.Document) -> tuple[list[dict], dict, Entry]:
    """The entry's counted fields before (none if new) and after, and the entry written; on
    PostgreSQL its words join the lexicon of near spellings."""
    fields = _fields(doc)
    before = entry_rows(Entry.objects.select_for_update().filter(source=doc.source, source_id=doc.source_id))
    entry, _created = Entry.objects.update_or_create(
        source=doc.source, source_id=doc.source_id, defaults=fields
    )
    if connection.vendor == "postgresql":
        words = set(terms(fields["search_text"], limit=None))
        Word.objects.bulk_create([Word(word=w) for w in sorted(words)], ignore_conflicts=True)
    return before, {name: fields[name] for name in FIELDS}, entry


@transaction.atomic
def entry_remove(*, source: str, source_id: int) -> int:
    invalidate(CACHE_NAME)
    gone = Entry.objects.select_for_update().filter(source=source, source_id=source_id)
    summary_change(entry_rows(gone), [])
    return gone.delete()[0]


@transaction.atomic
def _refresh_source(source: str, *, full: bool) -> tuple[int, int]:
    rows, build = sources.SOURCES[source]
    known = dict(Entry.objects.filter(source=source).values_list("source_id", "source_updated_at"))
    written, seen, before, after = 0, set(), [], []
    for row in rows().iterator(chunk_size=500):
        doc = build(row)
        seen.add(doc.source_id)
        if full or known.get(doc.source_id) != doc.updated_at:
            old, new, _entry = _write(doc)
            before += old
            after.append(new)
            written += 1
    gone = set(known) - seen
    if gone:
        removed = Entry.objects.filter(source=source, source_id__in=gone)
        before += entry_rows(removed)
        removed.delete()
    if written or gone:
        summary_change(before, after)
        invalidate(CACHE_NAME)
    return written, len(gone)


def index_refresh(*, full: bool = False) -> dict[str, tuple[int, int]]:
    """Bring the index up to date with every source: (written, removed) per source.
    ``full`` rewrites every entry (after a change of the normalisation) and counts the
    search's summary again."""
    done = {source: _refresh_source(source, full=full) for source in sources.SOURCES}
    if full:
        summary_rebuild()
    return done
