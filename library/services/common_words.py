"""The common words whose matches are kept (``CommonWord``, PostgreSQL only): noting a word
searched for, and filling a word's matches.

A search for one word with more results than it counts (``selectors.COUNT_BOUND``) notes the
word (``common_word_asked``). The index refresh (every ten minutes) then fills the words asked
most, up to ``MAX_WORDS`` of them (``common_words_fill``). Filling a word takes a SHARE ROW
EXCLUSIVE lock on the entries for its transaction (``_LOCK``: writers of entries, and other
fills and removals, wait for it: 0.5-0.8 s here for a word in 10,000 of 50,000 entries; searches
do not) and counts its matches from the entries as they are; from
then on the entries' trigger (``library.common_words``) keeps them exact on every write."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from cop_portal.pagecache import invalidate

from ..common_words import ENTRIES, FILL, MATCHES
from ..models import CommonWord
from ..selectors import COMMON_WORDS_CACHE_NAME
from .index import CACHE_NAME

# At most this many words have their matches kept (each is a row per entry it finds).
MAX_WORDS = 50
# Conflicts with the entries' writers (whose trigger adds matches) and with itself (two fills of
# one word would each delete what the other had not committed yet and both insert), not with reads.
_LOCK = f"LOCK TABLE {ENTRIES} IN SHARE ROW EXCLUSIVE MODE"


def _usable(word: str) -> bool:
    return connection.vendor == "postgresql" and word.isalnum() and len(word) <= 40


def common_word_asked(*, word: str) -> None:
    """``word`` (normalised) was searched for and found in more entries than the search
    counts: noted, for ``common_words_fill`` (one statement, only for such searches)."""
    if not _usable(word):
        return
    table = CommonWord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} AS w (word, asked) VALUES (%s, 1)"
            " ON CONFLICT (word) DO UPDATE SET asked = w.asked + 1",
            [word],
        )


def common_words_fill(*, limit: int = MAX_WORDS) -> list[str]:
    """Fill the words asked most that are not filled yet, while fewer than ``limit`` are; the
    words filled."""
    if connection.vendor != "postgresql":
        return []
    room = limit - CommonWord.objects.filter(filled_at__isnull=False).count()
    waiting = CommonWord.objects.filter(filled_at=None).order_by("-asked", "word")
    words = [
        w
        for w in waiting.values_list("word", flat=True)[: max(room, 0)]
        if common_word_fill(word=w, limit=limit)
    ]
    if words and not connection.in_atomic_block:  # VACUUM cannot run in a transaction
        # The new rows marked visible to all, so that the search's index-only scans read them
        # without the table from now on (not once autovacuum comes by); their counts analysed.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {MATCHES}")
    return words


def common_word_fill(*, word: str, limit: int | None = None) -> int:
    """Keep ``word``'s matches (counted again if they were kept): how many there are. Under
    ``_LOCK``, so that no write falls between this count and the trigger counting it; the
    searches read them from the commit on. With ``limit``: not when that many other words are
    kept already (counted under the lock: two refreshes at once never keep more), then 0."""
    if not _usable(word):
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_LOCK)
        kept_others = CommonWord.objects.filter(filled_at__isnull=False).exclude(word=word)
        if limit is not None and kept_others.count() >= limit:
            return 0
        common, _ = CommonWord.objects.get_or_create(word=word)
        cursor.execute(f"DELETE FROM {MATCHES} WHERE word_id = %s", [common.pk])
        cursor.execute(FILL, [common.pk, word, f"{word}:*"])
        kept = cursor.rowcount
        CommonWord.objects.filter(pk=common.pk).update(filled_at=timezone.now())
        # The search pages read the matches from now on (their facets: among the newest).
        invalidate(COMMON_WORDS_CACHE_NAME, CACHE_NAME)
    return kept


def common_word_forget(*, word: str) -> bool:
    """Stop keeping ``word``'s matches (the search reads the entries again); whether it was kept.
    Under the same lock as a fill: a writer's trigger never adds a match of a word being removed."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(_LOCK)
        gone, _ = CommonWord.objects.filter(word=word).delete()
        if gone:
            invalidate(COMMON_WORDS_CACHE_NAME, CACHE_NAME)
    return bool(gone)
