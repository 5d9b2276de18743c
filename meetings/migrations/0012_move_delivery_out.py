"""The e-mail outbox's rows move to the notices app, keeping every row: the table is renamed
here and the model leaves this app's state only; ``notices.0001`` takes it into its state
and relabels its content type, ``notices.0002``–``0004`` make it generic."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0011_move_branch_digest_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="delivery", table="notices_delivery"),
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="Delivery")]),
    ]
