"""PostgreSQL only: the entries' full-text index without a pending list (``fastupdate = off``).

With the default, new and changed entries wait in an unsorted list that every search reads in
full until autovacuum (or 4 MB of it) merges them into the index: after the index refresh
writes a few hundred entries, each search with words paid for that list (at 50,000 entries,
with 64 pages waiting, a two-word search's index scan took 5.5 ms; 3.1-3.4 ms without them). Entries are written in
chunks by the index refresh, not one by one under a request, so each write merging its
entry at once costs little. The list left by earlier writes is merged here."""

from django.db import migrations

_INDEX = "library_entry_search_vector"


def _no_pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {_INDEX} SET (fastupdate = off)")
        schema_editor.execute(f"SELECT gin_clean_pending_list('{_INDEX}'::regclass)")


def _pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {_INDEX} RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("library", "0010_file_text")]

    operations = [migrations.RunPython(_no_pending_list, _pending_list)]
