"""The search index: one ``Entry`` per source object, written here only.

Library's own items are written by their services at once; what the other apps know is
brought in by ``index_refresh`` (a periodic task and the ``library_reindex`` command), which
compares each source's last change with the entry's and rewrites only what changed, and
drops entries whose source is gone or no longer public. Running it twice changes nothing."""

from __future__ import annotations

from celery import current_app
from django.db import connection, transaction
from django.utils import timezone

from cop_portal.pagecache import invalidate

from .. import sources
from ..models import Entry, FileText, Item, Language, Word
from ..selectors import LEXICON_CACHE_NAME
from ..text import index_text, terms
from .summary import FIELDS, entry_rows, summary_change, summary_rebuild

# What cached search pages are built from (``pagecache`` name): dropped when an entry changes.
CACHE_NAME = "library"
FILE_TASK = "library.tasks.file_extract_text"
# Entries written per query of their files' texts (a full rebuild never holds them all).
WRITE_CHUNK = 200


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
    invalidate(CACHE_NAME, LEXICON_CACHE_NAME)
    return entry


def _write(doc: sources.Document) -> tuple[list[dict], dict, Entry]:
    """The entry's counted fields before (none if new) and after, and the entry written; on
    PostgreSQL its words join the lexicon of near spellings."""
    fields = _fields(doc)
    before = entry_rows(Entry.objects.select_for_update().filter(source=doc.source, source_id=doc.source_id))
    # The first write stamps when the source was published in the library (the themes' digest).
    entry, _created = Entry.objects.update_or_create(
        source=doc.source,
        source_id=doc.source_id,
        defaults=fields,
        create_defaults={**fields, "indexed_at": timezone.now()},
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


def _file_names(source: str) -> dict[int, str]:
    """The file name per object of ``source`` whose file was read or is being read (the texts
    themselves are fetched only for the entries written, a chunk at a time)."""
    if source not in sources.FILE_SOURCES:
        return {}
    return dict(FileText.objects.filter(source=source).values_list("source_id", "file_name"))


def _write_chunk(source: str, docs: list[sources.Document], before: list[dict], after: list[dict]) -> None:
    """Write ``docs`` with the text read from their files (one query for the chunk's texts),
    adding their counted fields before and after to ``before`` and ``after``."""
    ids = [doc.source_id for doc in docs if doc.file_name]
    texts = dict(FileText.objects.filter(source=source, source_id__in=ids).values_list("source_id", "text"))
    for doc in docs:
        if texts.get(doc.source_id):
            sources.with_file_text(doc, texts[doc.source_id])
        old, new, _entry = _write(doc)
        before += old
        after.append(new)


def _queue_file_reads(source: str, unread: dict[int, str]) -> None:
    """Mark the files not read yet (or replaced) as waiting and read each in a task after
    commit; the waiting row keeps the next refresh from queueing it again."""
    # By name: the tasks module imports this one (notices queues its sender the same way).
    task = current_app.tasks[FILE_TASK] if unread else None
    for source_id, name in unread.items():
        FileText.objects.update_or_create(
            source=source,
            source_id=source_id,
            defaults={"file_name": name[:300], "text": "", "state": Item.Extraction.PENDING},
        )
        task.delay_on_commit(source, source_id)


@transaction.atomic
def _refresh_source(source: str, *, full: bool) -> tuple[int, int]:
    rows, build = sources.SOURCES[source]
    known = dict(Entry.objects.filter(source=source).values_list("source_id", "source_updated_at"))
    names = _file_names(source)
    written, seen, unread, chunk, before, after = 0, set(), {}, [], [], []
    for row in rows().iterator(chunk_size=500):
        doc = build(row)
        seen.add(doc.source_id)
        if doc.file_name and names.get(doc.source_id) != doc.file_name[:300]:
            unread[doc.source_id] = doc.file_name
            doc.file_name = ""  # nothing read from this file yet
        if full or known.get(doc.source_id) != doc.updated_at:
            chunk.append(doc)
            written += 1
            if len(chunk) >= WRITE_CHUNK:
                _write_chunk(source, chunk, before, after)
                chunk = []
    _write_chunk(source, chunk, before, after)
    gone = set(known) - seen
    if gone:
        removed = Entry.objects.filter(source=source, source_id__in=gone)
        before += entry_rows(removed)
        removed.delete()
    if names.keys() - seen:
        FileText.objects.filter(source=source, source_id__in=names.keys() - seen).delete()
    _queue_file_reads(source, unread)
    if written or gone:
        summary_change(before, after)
        invalidate(CACHE_NAME, LEXICON_CACHE_NAME)
    return written, len(gone)


def index_refresh(*, full: bool = False) -> dict[str, tuple[int, int]]:
    """Bring the index up to date with every source: (written, removed) per source.
    ``full`` rewrites every entry (after a change of the normalisation) and counts the
    search's summary again."""
    done = {source: _refresh_source(source, full=full) for source in sources.SOURCES}
    if full:
        summary_rebuild()
    return done
