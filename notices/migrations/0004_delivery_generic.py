"""The outbox becomes generic, step 3: the meeting columns go (their content is in the
subject and the context), and a row is unique per (kind, recipient, key)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0003_delivery_rows_generic"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveField(model_name="delivery", name="meeting"),
        migrations.RemoveField(model_name="delivery", name="offset_hours"),
        migrations.RemoveField(model_name="delivery", name="meeting_starts_at"),
        migrations.RemoveField(model_name="delivery", name="meeting_sequence"),
        migrations.AlterField(
            model_name="delivery",
            name="user",
            field=models.ForeignKey(
                on_delete=models.deletion.CASCADE,
                related_name="deliveries",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recipient",
            ),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.UniqueConstraint(
                fields=("kind", "user", "key"), name="delivery_once_per_kind_user_key"
            ),
        ),
        migrations.AddIndex(
            model_name="delivery",
            index=models.Index(
                fields=["subject_type", "subject_id", "status"], name="delivery_subject_status"
            ),
        ),
    ]
