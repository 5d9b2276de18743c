"""Filling a common word's matches while an entry is being written, on PostgreSQL with real
threads (skipped on SQLite): the fill waits for the writer, and no entry is missed."""

import threading

import pytest
from django.db import connection, transaction

from library import services
from library.models import CommonWord, CommonWordMatch, Entry
from tests.concurrency.test_meetings_races import _run_together
from tests.conftest import is_postgres
from tests.factories import EntryFactory
from tests.worker import wait_until

pytestmark = [
    pytest.mark.concurrency,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not is_postgres(), reason="the matches are kept on PostgreSQL only (a trigger and a lock)"
    ),
]
WORD = "гарын"
DEADLINE = 30


def _waiting_on_entries() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_locks WHERE NOT granted AND relation = %s::regclass",
            [Entry._meta.db_table],
        )
        return cursor.fetchone()[0] > 0


def _while_an_entry_is_written(action) -> tuple[int, object]:
    """Run ``action`` in a thread while another holds an entry's write (of a title with the word)
    open; the write is committed once ``action`` waits on the entries' lock. The entry's id and
    what ``action`` returned (or raised)."""
    written, go, results = threading.Event(), threading.Event(), {}

    def writer():
        try:
            with transaction.atomic():
                results["entry"] = EntryFactory(title="Гарын авлага, бичигдэж буй").pk
                written.set()
                assert go.wait(DEADLINE)
        finally:
            connection.close()

    def act():
        try:
            results["action"] = action()
        except Exception as exc:  # noqa: BLE001 - returned to the test
            results["action"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=writer)]
    threads[0].start()
    assert written.wait(DEADLINE)
    threads.append(threading.Thread(target=act))
    threads[1].start()
    wait_until(_waiting_on_entries, timeout=DEADLINE, interval=0.02, message="it never waited for the writer")
    go.set()
    for thread in threads:
        thread.join(DEADLINE)
    return results["entry"], results["action"]


def test_a_fill_waits_for_an_entry_written_before_it_and_keeps_it():
    EntryFactory.create_batch(3)
    entry, kept = _while_an_entry_is_written(lambda: services.common_word_fill(word=WORD))
    assert kept == 4
    matches = set(CommonWordMatch.objects.filter(word__word=WORD).values_list("entry_id", flat=True))
    assert matches == set(Entry.objects.values_list("pk", flat=True)) and entry in matches


def test_the_refresh_leaves_the_kept_matches_readable_from_the_index_alone():
    """Filled outside a transaction (the periodic task), the matches are vacuumed at once: their
    pages are all visible, so the search's index-only scans do not read the table."""
    EntryFactory.create_batch(3)
    CommonWord.objects.create(word=WORD, asked=1)
    assert services.common_words_fill() == [WORD]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relallvisible FROM pg_class WHERE relname = %s", [CommonWordMatch._meta.db_table]
        )
        assert cursor.fetchone()[0] > 0


def test_forgetting_a_word_waits_for_an_entry_being_written_and_leaves_no_match():
    EntryFactory.create_batch(3)
    services.common_word_fill(word=WORD)  # the entry written meanwhile gets its match from the trigger
    _entry, forgotten = _while_an_entry_is_written(lambda: services.common_word_forget(word=WORD))
    assert forgotten is True
    assert not CommonWordMatch.objects.exists() and Entry.objects.count() == 4


def test_fills_at_once_keep_each_match_once_and_no_more_words_than_the_limit():
    EntryFactory.create_batch(4)
    CommonWord.objects.create(word="авлага", asked=1)
    results = _run_together([lambda: services.common_word_fill(word=WORD)] * 2)
    assert results == [4, 4]
    matches = list(CommonWordMatch.objects.filter(word__word=WORD).values_list("entry_id", flat=True))
    assert sorted(matches) == sorted(Entry.objects.values_list("pk", flat=True))  # each once
    # Two other words at once with room for one more: one is kept, the other is not.
    CommonWord.objects.create(word="жендэр", asked=1)
    filled = _run_together(
        [lambda w=w: services.common_word_fill(word=w, limit=2) for w in ("авлага", "жендэр")]
    )
    assert sorted(filled) == [0, 4]
    assert CommonWord.objects.filter(filled_at__isnull=False).count() == 2
