"""The monthly branch digest moves to the branches app, keeping every row: its table is
renamed here and the model leaves this app's state only; ``branches.0001`` takes it into
its state and relabels its content type."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0010_move_proposals_and_feedback_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="branchdigest", table="branches_branchdigest"),
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="BranchDigest")]),
    ]
