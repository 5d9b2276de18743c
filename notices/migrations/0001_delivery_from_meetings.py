"""The outbox's rows, moved from the meetings app with every row: the table was renamed by
``meetings.0012``; here the model enters this app's state only (as it was), and its content
type is relabelled (permissions, admin log, audit trail keep pointing at it)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("delivery",)


def _relabel(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in MOVED:
        if not types.filter(app_label=new, model=model).exists():
            types.filter(app_label=old, model=model).update(app_label=new)


def content_types_forward(apps, schema_editor):
    _relabel(apps, schema_editor, "meetings", "notices")


def content_types_backward(apps, schema_editor):
    _relabel(apps, schema_editor, "notices", "meetings")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0012_move_delivery_out"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Delivery",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("kind", models.CharField(max_length=10, verbose_name="kind")),
                        ("key", models.CharField(blank=True, max_length=80, verbose_name="key")),
                        (
                            "offset_hours",
                            models.PositiveIntegerField(
                                blank=True, null=True, verbose_name="hours before the start"
                            ),
                        ),
                        ("meeting_starts_at", models.DateTimeField(verbose_name="meeting start when queued")),
                        (
                            "meeting_sequence",
                            models.PositiveIntegerField(
                                default=0, verbose_name="calendar revision when queued"
                            ),
                        ),
                        ("context", models.JSONField(blank=True, default=dict, verbose_name="extra content")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "Waiting to be sent"),
                                    ("sending", "Being sent"),
                                    ("sent", "Sent"),
                                    ("failed", "Failed"),
                                    ("skipped", "Skipped"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("due_at", models.DateTimeField(verbose_name="due at")),
                        ("next_attempt_at", models.DateTimeField(verbose_name="next attempt at")),
                        (
                            "attempts",
                            models.PositiveSmallIntegerField(default=0, verbose_name="failed attempts"),
                        ),
                        (
                            "claim_token",
                            models.UUIDField(
                                blank=True,
                                help_text="Identifies the batch of the worker sending it.",
                                null=True,
                                verbose_name="claim",
                            ),
                        ),
                        (
                            "claimed_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="claimed at"),
                        ),
                        (
                            "handed_over_at",
                            models.DateTimeField(
                                blank=True,
                                help_text="Set just before sending; a crash after it leaves the outcome unknown.",
                                null=True,
                                verbose_name="handed to the mail server at",
                            ),
                        ),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        (
                            "meeting",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="meetings.meeting",
                                verbose_name="meeting",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="meeting_deliveries",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recipient",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "e-mail delivery",
                        "verbose_name_plural": "e-mail deliveries",
                        "ordering": ["-due_at", "-id"],
                        "indexes": [
                            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
                            models.Index(fields=["meeting", "status"], name="delivery_meeting_status"),
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("meeting", "user", "kind", "key"), name="delivery_once_per_key"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "sending"), _negated=True),
                                    ("claim_token__isnull", False),
                                    _connector="OR",
                                ),
                                name="delivery_sending_is_claimed",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("status", "sent"), _negated=True),
                                    ("sent_at__isnull", False),
                                    _connector="OR",
                                ),
                                name="delivery_sent_has_time",
                            ),
                        ],
                    },
                ),
            ]
        ),
        migrations.RunPython(content_types_forward, content_types_backward),
    ]
