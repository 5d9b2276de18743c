"""Ballots written before sealing existed follow their voters' order (heap order, xmin on
PostgreSQL; rowid on SQLite). Rewrite them once, in one transaction, as fresh rows in a random
order with random keys, then vacuum the table outside the transaction so the old rows leave
its pages."""

import os
import uuid

from django.db import migrations, transaction


def rewrite(apps, schema_editor):
    Ballot = apps.get_model("coordinators", "Ballot")
    connection = schema_editor.connection
    with transaction.atomic(using=connection.alias):
        rows = list(Ballot.objects.using(connection.alias).values_list("seat_id", "nomination_id"))
        if not rows:
            return
        noise = os.urandom(16 * len(rows))
        order = sorted(range(len(rows)), key=lambda i: noise[16 * i : 16 * i + 16])
        Ballot.objects.using(connection.alias).all().delete()
        Ballot.objects.using(connection.alias).bulk_create(
            [Ballot(id=uuid.uuid4(), seat_id=rows[i][0], nomination_id=rows[i][1]) for i in order],
            batch_size=2000,
        )
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM FULL coordinators_ballot")
        elif connection.vendor == "sqlite":
            cursor.execute("VACUUM")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("coordinators", "0004_sealed_ballots_and_receipts")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop, elidable=True)]
