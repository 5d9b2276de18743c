"""The monthly branch digest, moved from the meetings app with every row: the table was
renamed by ``meetings.0011``; here the model enters this app's state only, and its content
type is relabelled (permissions, admin log, audit trail keep pointing at it)."""

import django.utils.timezone
from django.db import migrations, models

MOVED = ("branchdigest",)


def _relabel(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not types.filter(app_label=new, model=model).exists():
            types.filter(app_label=old, model=model).update(app_label=new)


def content_types_forward(apps, schema_editor):
    _relabel(apps, schema_editor, "meetings", "branches")


def content_types_backward(apps, schema_editor):
    _relabel(apps, schema_editor, "branches", "meetings")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('meetings', '0011_move_branch_digest_out'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='BranchDigest',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('month', models.DateField(help_text='The first day of the month.', unique=True, verbose_name='month')),
                        ('sent_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='sent at')),
                        ('branch_count', models.PositiveIntegerField(verbose_name='quiet branch CoPs listed')),
                        ('recipient_count', models.PositiveIntegerField(default=0, verbose_name='coordinators told')),
                    ],
                    options={
                        'verbose_name': 'monthly branch digest',
                        'verbose_name_plural': 'monthly branch digests',
                        'ordering': ['-month'],
                    },
                ),
            ]
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
