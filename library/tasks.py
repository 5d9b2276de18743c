"""Celery tasks of the library: ids in, a service called; each idempotent."""

from celery import shared_task

from .services import common_words, extraction, following
from .services import index as search_index


# The reader stops itself after MAX_EXTRACT_SECONDS between pages; the worker's limits bound a
# single page that never ends (the item stays "waiting" and is still found by its title).
@shared_task(soft_time_limit=60, time_limit=90)
def item_extract_text(item_id: int) -> str:
    """Read the text of an item's file into the search (bounded in size and time)."""
    return extraction.item_extract_text(item_id=item_id)


@shared_task(soft_time_limit=60, time_limit=90)
def file_extract_text(source: str, source_id: int) -> str:
    """Read the text of another app's uploaded file (a meeting material) into the search."""
    return extraction.file_extract_text(source=source, source_id=source_id)


@shared_task
def index_refresh() -> dict:
    """Bring the search index up to date with the other apps' content (only what changed),
    then keep the matches of the words searched for that are found in very many entries."""
    done = search_index.index_refresh()
    return {**done, "common words filled": common_words.common_words_fill()}


@shared_task
def index_rebuild() -> dict:
    """Rewrite every entry once a day (what no timestamp tells, such as a visit's counted outcomes)."""
    return search_index.index_refresh(full=True)


@shared_task
def theme_digest_send() -> int:
    """Queue each follower's digest of the themes they follow, once per finished day."""
    return following.theme_digest_send()
