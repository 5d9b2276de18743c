"""Voting reminders go through the one outbox: each row of the old table becomes an outbox
row (kind ``voting_reminder``, its election and round in the key, as sent at the time it was
queued), so no member is reminded twice for a round already reminded; then the table goes."""

from django.db import migrations

BATCH = 2000


def forward(apps, schema_editor):
    ReminderDelivery = apps.get_model("coordinators", "ReminderDelivery")
    Delivery = apps.get_model("notices", "Delivery")
    ContentType = apps.get_model("contenttypes", "ContentType")
    alias = schema_editor.connection.alias
    old = ReminderDelivery.objects.using(alias)
    if not old.exists():
        return
    election_type, _ = ContentType.objects.using(alias).get_or_create(
        app_label="coordinators", model="election"
    )
    rows = [
        Delivery(
            kind="voting_reminder",
            user_id=row.member_id,
            key=f"election-{row.election_id}:round-{row.round}:reminder",
            subject_type_id=election_type.pk,
            subject_id=row.election_id,
            context={},
            status="sent",
            due_at=row.queued_at,
            next_attempt_at=row.queued_at,
            sent_at=row.queued_at,
        )
        for row in old.order_by("pk").iterator(chunk_size=BATCH)
    ]
    Delivery.objects.using(alias).bulk_create(rows, ignore_conflicts=True, batch_size=BATCH)


def backward(apps, schema_editor):
    ReminderDelivery = apps.get_model("coordinators", "ReminderDelivery")
    Delivery = apps.get_model("notices", "Delivery")
    alias = schema_editor.connection.alias
    rows = []
    for row in Delivery.objects.using(alias).filter(kind="voting_reminder").iterator(chunk_size=BATCH):
        round_ = int(row.key.split(":round-")[1].split(":")[0])
        rows.append(ReminderDelivery(election_id=row.subject_id, member_id=row.user_id, round=round_))
    ReminderDelivery.objects.using(alias).bulk_create(rows, ignore_conflicts=True, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("coordinators", "0006_term_correction_reason"),
        ("notices", "0004_delivery_generic"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="ReminderDelivery"),
    ]
