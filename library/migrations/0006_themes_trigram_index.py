"""PostgreSQL only: a trigram index on the entries' themes (",data,budgeting,"), so a theme
filter (``themes LIKE '%,data,%'``) reads the index instead of every row."""

from django.db import migrations


def _create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX library_entry_themes_trgm ON library_entry USING gin (themes gin_trgm_ops)"
        )


def _drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS library_entry_themes_trgm")


class Migration(migrations.Migration):
    dependencies = [("library", "0005_expert_message")]

    operations = [migrations.RunPython(_create, _drop)]
