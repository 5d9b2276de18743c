from django.db import migrations

from results import legacy


def carry_over(apps, schema_editor):
    legacy.carry_over(
        action_model=apps.get_model("results", "Action"),
        update_model=apps.get_model("results", "ActionUpdate"),
        followup_model=apps.get_model("meetings", "FollowUpAction"),
        jointplan_model=apps.get_model("meetings", "JointPlanItem"),
    )


class Migration(migrations.Migration):
    dependencies = [("results", "0002_default_framework"), ("meetings", "0011_move_branch_digest_out")]

    operations = [migrations.RunPython(carry_over, migrations.RunPython.noop)]
