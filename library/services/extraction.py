"""Reading the text of an item's uploaded file for the search (a task calls this)."""

from __future__ import annotations

from django.db import transaction

from .. import sources
from ..models import Item
from ..text import MAX_FILE_BYTES, extract_text
from .index import entry_upsert


def item_extract_text(*, item_id: int) -> str:
    """Read the text of the item's file (bounded) and index it; idempotent. Returns the
    extraction state. The file is read outside any transaction; the write takes a lock."""
    item = Item.objects.filter(pk=item_id).first()
    if item is None or not item.file:
        return "missing"
    name = item.file.name
    try:
        with item.file.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        text, state = extract_text(name, data), Item.Extraction.DONE
    except (OSError, ValueError):
        text, state = "", Item.Extraction.FAILED
    with transaction.atomic():
        item = Item.objects.select_for_update().filter(pk=item_id).first()
        if item is None or item.file.name != name:
            return "replaced"  # a newer file's own task reads it
        item.extracted_text, item.extraction = text, state
        item.save(update_fields=["extracted_text", "extraction", "updated_at"])
        entry_upsert(sources.from_item(item))
    return state
