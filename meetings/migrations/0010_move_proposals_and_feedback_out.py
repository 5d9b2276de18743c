"""Proposals and feedback move to apps of their own (``proposals``, ``feedback``), keeping
every row: their tables are renamed to the new apps' names here, and the models leave this
app's state only. ``proposals.0001`` and ``feedback.0001`` take them into their state (no
table is created) and relabel their content types, so that group permissions, admin log
entries and audit events keep pointing at them. Constraint and index names are unchanged."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0009_branch_digest"),
    ]

    operations = [
        migrations.AlterModelTable(name="proposal", table="proposals_proposal"),
        migrations.AlterModelTable(name="proposalevent", table="proposals_proposalevent"),
        migrations.AlterModelTable(name="proposalsupport", table="proposals_proposalsupport"),
        migrations.AlterModelTable(name="feedback", table="feedback_feedback"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Feedback"),
                migrations.DeleteModel(name="ProposalEvent"),
                migrations.DeleteModel(name="ProposalSupport"),
                migrations.DeleteModel(name="Proposal"),
            ]
        ),
    ]
