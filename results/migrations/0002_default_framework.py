from django.db import migrations

from results import framework_data


def load(apps, schema_editor):
    framework_data.load(
        apps.get_model("results", "Framework"),
        apps.get_model("results", "Area"),
        apps.get_model("results", "Indicator"),
        apps.get_model("results", "Measure"),
    )


class Migration(migrations.Migration):
    dependencies = [("results", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
