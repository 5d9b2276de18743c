"""Feedback, moved from the meetings app with every row: the table was renamed by
``meetings.0010``; here the model enters this app's state only, and its content type is
relabelled (permissions, admin log, audit trail keep pointing at it)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ('feedback',)


def _relabel(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not types.filter(app_label=new, model=model).exists():
            types.filter(app_label=old, model=model).update(app_label=new)


def content_types_forward(apps, schema_editor):
    _relabel(apps, schema_editor, "meetings", "feedback")


def content_types_backward(apps, schema_editor):
    _relabel(apps, schema_editor, "feedback", "meetings")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('meetings', '0010_move_proposals_and_feedback_out'),
        ('proposals', '0001_proposals_from_meetings'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Feedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('usefulness', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='usefulness (1–5)')),
                        ('what_worked', models.TextField(blank=True, max_length=2000, verbose_name='what worked')),
                        ('what_to_change', models.TextField(blank=True, max_length=2000, verbose_name='what to change')),
                        ('topics_wanted', models.TextField(blank=True, max_length=2000, verbose_name='topics wanted next')),
                        ('gender', models.CharField(blank=True, choices=[('woman', 'Woman'), ('man', 'Man'), ('another', 'Another identity'), ('undisclosed', 'Prefer not to say')], max_length=12, verbose_name='gender')),
                        ('level', models.CharField(blank=True, choices=[('central', 'Central government'), ('local', 'Local government')], max_length=20, verbose_name='level of government')),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='feedback', to='meetings.meeting', verbose_name='meeting')),
                        ('proposal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='proposals.proposal', verbose_name='proposal made from the topics')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='meeting_feedback', to=settings.AUTH_USER_MODEL, verbose_name='member')),
                    ],
                    options={
                        'verbose_name': 'feedback',
                        'verbose_name_plural': 'feedback',
                        'ordering': ['meeting', '-created_at', '-id'],
                        'constraints': [models.UniqueConstraint(condition=models.Q(('user__isnull', False)), fields=('meeting', 'user'), name='feedback_one_per_person'), models.CheckConstraint(condition=models.Q(('usefulness__gte', 1), ('usefulness__lte', 5)), name='feedback_usefulness_1_to_5')],
                    },
                ),
            ]
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
