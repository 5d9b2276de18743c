"""Celery tasks of the library: ids in, a service called; each idempotent."""

from celery import shared_task

from .services.extraction import item_extract_text
from .services.index import index_refresh


@shared_task
def item_extract_text_task(item_id: int) -> str:
    """Read the text of an item's file into the search (bounded in size and time)."""
    return item_extract_text(item_id=item_id)


@shared_task
def library_index_refresh() -> dict:
    """Bring the search index up to date with the other apps' content (only what changed)."""
    return index_refresh()
