"""The outbox becomes generic, step 2, keeping every row: each row points at its meeting as
its subject, its kind takes the one name it has everywhere (``meeting_reminder`` …), its key
names the meeting (the unique key no longer has a meeting column), and what only reminders
read (offset, start when queued, calendar revision) moves into its context."""

from datetime import UTC

from django.db import migrations

KINDS = {
    "reminder": "meeting_reminder",
    "confirmed": "meeting_confirmed",
    "promoted": "meeting_promoted",
    "changed": "meeting_changed",
    "cancelled": "meeting_cancelled",
    "minutes": "minutes_reminder",
    "feedback": "feedback_request",
    "announced": "branch_announcement",
}
BATCH = 2000


def forward(apps, schema_editor):
    Delivery = apps.get_model("notices", "Delivery")
    ContentType = apps.get_model("contenttypes", "ContentType")
    alias = schema_editor.connection.alias
    rows = Delivery.objects.using(alias)
    if not rows.exists():
        return
    meeting_type, _ = ContentType.objects.using(alias).get_or_create(app_label="meetings", model="meeting")
    batch = []
    for row in rows.order_by("pk").iterator(chunk_size=BATCH):
        extra = {"meeting_starts_at": row.meeting_starts_at.astimezone(UTC).isoformat()}
        if row.kind == "reminder":
            extra["offset_hours"] = row.offset_hours
        extra["meeting_sequence"] = row.meeting_sequence
        row.context = {**extra, **(row.context or {})}
        row.subject_type_id = meeting_type.pk
        row.subject_id = row.meeting_id
        row.kind = KINDS.get(row.kind, row.kind)
        row.key = f"meeting-{row.meeting_id}:{row.key}"
        batch.append(row)
        if len(batch) >= BATCH:
            rows.bulk_update(batch, ["context", "subject_type", "subject_id", "kind", "key"])
            batch = []
    if batch:
        rows.bulk_update(batch, ["context", "subject_type", "subject_id", "kind", "key"])


def backward(apps, schema_editor):
    Delivery = apps.get_model("notices", "Delivery")
    alias = schema_editor.connection.alias
    names = {new: old for old, new in KINDS.items()}
    rows = Delivery.objects.using(alias)
    batch = []
    for row in rows.order_by("pk").iterator(chunk_size=BATCH):
        row.kind = names.get(row.kind, row.kind)
        row.key = row.key.split(":", 1)[1] if row.key.startswith("meeting-") else row.key
        batch.append(row)
    rows.bulk_update(batch, ["kind", "key"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0002_delivery_subject"),
    ]

    operations = [migrations.RunPython(forward, backward)]
