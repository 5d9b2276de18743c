"""Indexes for the filters of /meetings/ (upcoming/past, province, mode, with the list's
order). Written as SQL so they do not touch meetings/models.py, which another change is
turning into a package; they can move into ``Meta.indexes`` afterwards with
``SeparateDatabaseAndState``. The same statements work on PostgreSQL and SQLite."""

from django.db import migrations

INDEXES = {
    "meeting_ends_starts": "meetings_meeting (ends_at, starts_at)",
    "meeting_province_starts": "meetings_meeting (province, starts_at)",
    "meeting_mode_starts": "meetings_meeting (mode, starts_at)",
    "meeting_updated": "meetings_meeting (updated_at)",
}


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_feedback")]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, target in INDEXES.items()
    ]
