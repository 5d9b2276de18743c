"""Reading the text of uploaded files for the search (tasks call this): a library item's, and
those of the other apps' objects the index knows to carry one (``sources.FILE_SOURCES``)."""

from __future__ import annotations

from django.db import transaction

from .. import sources
from ..models import Entry, FileText, Item
from ..text import MAX_FILE_BYTES, extract_text
from .index import entry_upsert


def _read(field_file) -> tuple[str, str]:
    """The text of an uploaded file and the extraction state: the one way every file is read
    (at most ``MAX_FILE_BYTES``, the time and size bounds of ``text.extract_text``)."""
    try:
        with field_file.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        return extract_text(field_file.name, data), Item.Extraction.DONE
    except (OSError, ValueError):
        return "", Item.Extraction.FAILED


def item_extract_text(*, item_id: int) -> str:
    """Read the text of the item's file (bounded) and index it; idempotent. Returns the
    extraction state. The file is read outside any transaction; the write takes a lock."""
    item = Item.objects.filter(pk=item_id).first()
    if item is None or not item.file:
        return "missing"
    name = item.file.name
    text, state = _read(item.file)
    with transaction.atomic():
        item = Item.objects.select_for_update().filter(pk=item_id).first()
        if item is None or item.file.name != name:
            return "replaced"  # a newer file's own task reads it
        item.extracted_text, item.extraction = text, state
        item.save(update_fields=["extracted_text", "extraction", "updated_at"])
        entry_upsert(sources.from_item(item))
    return state


def file_extract_text(*, source: str, source_id: int) -> str:
    """Read the file of another app's object (a meeting material) and index its text with the
    object's entry; idempotent. Returns the extraction state. The file is read outside any
    transaction; the write takes a lock and gives up if the file was replaced meanwhile."""
    get_row = sources.FILE_SOURCES[source]
    row = get_row(source_id)
    if row is None or not row.file:
        FileText.objects.filter(source=source, source_id=source_id).delete()
        return "missing"
    name = row.file.name
    text, state = _read(row.file)
    with transaction.atomic():
        known = FileText.objects.select_for_update().filter(source=source, source_id=source_id).first()
        if known is None or known.file_name != name[:300]:
            return "replaced"  # a newer file's own task reads it
        known.text, known.state = text, state
        known.save(update_fields=["text", "state", "updated_at"])
        row = get_row(source_id)
        if row is not None and Entry.objects.filter(source=source, source_id=source_id).exists():
            _rows, build = sources.SOURCES[source]
            entry_upsert(sources.with_file_text(build(row), text))
    return state
