"""The SQL that keeps the common words' matches (``CommonWordMatch``) exact: a trigger on the
entries (PostgreSQL only; elsewhere no word is ever filled and the search reads the entries).

Every write of an entry, by the index services or in bulk, replaces its matches: for each filled
word whose prefix query finds the entry (the search's own test, ``to_tsquery('simple',
'word:*')``), what the search reads of it. Filling a word (``services.common_words``) takes a
SHARE ROW EXCLUSIVE lock on the entries, so no write is in between its count and the trigger
seeing it, and no other fill or removal either."""

from __future__ import annotations

from .models import CommonWord, CommonWordMatch, Entry
from .models_common import MATCH_COLUMNS

ENTRIES = Entry._meta.db_table
WORDS = CommonWord._meta.db_table
MATCHES = CommonWordMatch._meta.db_table
# The title folded as the index text is (``text.normalise``; ``selectors._PG_TITLE``).
_TITLE = "translate(lower({row}.title), 'өүёѳұ', 'оуеоу')"


def _match_columns(row: str, word: str) -> str:
    """What a match keeps of entry ``row`` (a table alias, or NEW) for ``word`` (SQL), in
    ``INSERT``'s order."""
    copied = ", ".join(f"{row}.{column}" for column in MATCH_COLUMNS)
    return f"{row}.id, {copied}, strpos({_TITLE.format(row=row)}, {word}) > 0"


INSERT = f"INSERT INTO {MATCHES} (word_id, entry_id, {', '.join(MATCH_COLUMNS)}, in_title)"


def pg_install() -> list[str]:
    function = f"""
CREATE OR REPLACE FUNCTION library_entry_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM {MATCHES} WHERE entry_id = OLD.id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {INSERT} SELECT w.id, {_match_columns("NEW", "w.word")} FROM {WORDS} AS w
      WHERE w.filled_at IS NOT NULL AND NEW.search_vector @@ to_tsquery('simple', w.word || ':*');
  END IF;
  RETURN NULL;
END $$"""
    return [
        function,
        f"DROP TRIGGER IF EXISTS library_entry_words ON {ENTRIES}",
        f"CREATE TRIGGER library_entry_words AFTER INSERT OR UPDATE OR DELETE ON {ENTRIES}"
        " FOR EACH ROW EXECUTE FUNCTION library_entry_words()",
    ]


def pg_uninstall() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS library_entry_words ON {ENTRIES}",
        "DROP FUNCTION IF EXISTS library_entry_words()",
    ]


# Every match of one word, from the entries as they are; its parameters: the word's id, the
# word, its prefix query (``word:*``).
FILL = (
    f"{INSERT} SELECT %s, {_match_columns('e', '%s')} FROM {ENTRIES} AS e"
    " WHERE e.search_vector @@ to_tsquery('simple', %s)"
)
