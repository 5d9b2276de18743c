"""PostgreSQL only: trigrams (pg_trgm), a stored tsvector of the normalised text with the
``simple`` configuration (no Mongolian stemmer exists), and their GIN indexes. SQLite keeps
the plain table and searches the normalised text with LIKE."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "ALTER TABLE library_entry ADD COLUMN search_vector tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED",
    "CREATE INDEX library_entry_search_vector ON library_entry USING gin (search_vector)",
    "CREATE INDEX library_entry_search_trgm ON library_entry USING gin (search_text gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS library_entry_search_trgm",
    "DROP INDEX IF EXISTS library_entry_search_vector",
    "ALTER TABLE library_entry DROP COLUMN IF EXISTS search_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
