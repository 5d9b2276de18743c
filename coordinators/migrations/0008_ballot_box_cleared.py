"""Record when the close removed the sealed ballots for good.

Elections closed before this (their sealed rows deleted and vacuumed) are marked as cleared so
their results stay published. On PostgreSQL, when no election is voting, the sealed ballots'
table is truncated here as well: whatever an old snapshot kept in its pages during an earlier
close leaves them now. While an election is voting, its own close does the same.
"""

from django.db import migrations, models
from django.utils import timezone

CLOSED = ("voting_closed", "published")


def mark_closed_and_truncate(apps, schema_editor):
    Election = apps.get_model("coordinators", "Election")
    SealedBallot = apps.get_model("coordinators", "SealedBallot")
    Election.objects.filter(phase__in=CLOSED).update(ballot_box_cleared_at=timezone.now())
    connection = schema_editor.connection
    if connection.vendor == "postgresql" and not SealedBallot.objects.exists():
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {connection.ops.quote_name(SealedBallot._meta.db_table)}")


class Migration(migrations.Migration):
    dependencies = [
        ("coordinators", "0007_voting_reminders_into_the_outbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="election",
            name="ballot_box_cleared_at",
            field=models.DateTimeField(
                blank=True,
                editable=False,
                help_text="When the close removed the sealed ballots from the database's pages for good; results are published only after it.",
                null=True,
                verbose_name="ballot box cleared at",
            ),
        ),
        migrations.RunPython(mark_closed_and_truncate, migrations.RunPython.noop),
    ]
