"""The outbox becomes generic, step 1: rows name what they are about (any model), kinds and
keys get room for every app's names."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notices", "0001_delivery_from_meetings"),
    ]

    operations = [
        migrations.AddField(
            model_name="delivery",
            name="subject_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                to="contenttypes.contenttype",
                verbose_name="about (type)",
            ),
        ),
        migrations.AddField(
            model_name="delivery",
            name="subject_id",
            field=models.PositiveBigIntegerField(blank=True, null=True, verbose_name="about (id)"),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="kind",
            field=models.CharField(max_length=60, verbose_name="kind"),
        ),
        migrations.AlterField(
            model_name="delivery",
            name="key",
            field=models.CharField(
                help_text="Tells apart e-mails of the same kind, e.g. the offset and start time of a reminder.",
                max_length=200,
                verbose_name="key",
            ),
        ),
        migrations.RemoveConstraint(model_name="delivery", name="delivery_once_per_key"),
        migrations.RemoveIndex(model_name="delivery", name="delivery_meeting_status"),
    ]
