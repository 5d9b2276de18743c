"""Carry the site visits' follow-ups and the conventions' joint-plan items over into actions,
keeping their data (owner, organisation, due date, status, done date, progress note).

Models are passed in, so the data migration uses its historical ones and the demo the live
ones. Each row is carried once: ``Action.legacy_ref`` is unique ("followup:<id>",
"jointplan:<id>"), and rows already carried are skipped.
"""

from __future__ import annotations

DROPPED_BEFORE = (
    "Шилжүүлэхээс өмнө орхигдсон; шалтгаан бүртгэгдээгүй. / Dropped before the move; no reason recorded."
)
STATUS = {
    "open": "planned",
    "planned": "planned",
    "in_progress": "in_progress",
    "done": "done",
    "dropped": "dropped",
}


def _common(row) -> dict:
    status = STATUS.get(row.status, "planned")
    return {
        "status": status,
        "due_on": row.due_on,
        "progress": 100 if status == "done" else 0,
        "dropped_reason": DROPPED_BEFORE if status == "dropped" else "",
    }


def carry_over(*, action_model, update_model, followup_model, jointplan_model) -> int:
    """Create the missing actions; returns how many were created."""
    done = set(action_model.objects.filter(legacy_ref__isnull=False).values_list("legacy_ref", flat=True))
    created = 0
    for row in followup_model.objects.select_related("visit").order_by("pk"):
        ref = f"followup:{row.pk}"
        if ref in done:
            continue
        action = action_model.objects.create(
            title=row.action[:300],
            owner_id=row.owner_id,
            done_on=row.done_on,
            source="visit",
            visit_id=row.visit_id,
            meeting_id=row.visit.meeting_id,
            legacy_ref=ref,
            **_common(row),
        )
        if row.owner_organisation_id:
            action.organisations.add(row.owner_organisation_id)
        action_model.objects.filter(pk=action.pk).update(created_at=row.created_at)
        created += 1
    for row in jointplan_model.objects.order_by("pk"):
        ref = f"jointplan:{row.pk}"
        if ref in done:
            continue
        fields = _common(row)
        action = action_model.objects.create(
            title=(row.action_mn or row.action_en)[:300],
            title_en=row.action_en[:300],
            source="joint_plan",
            meeting_id=row.convention_id,
            legacy_ref=ref,
            **fields,
        )
        if row.lead_organisation_id:
            action.organisations.add(row.lead_organisation_id)
        if row.progress_note:
            update_model.objects.create(
                action=action, at=row.updated_at, note=row.progress_note, status=fields["status"],
                progress=fields["progress"],
            )  # fmt: skip
        action_model.objects.filter(pk=action.pk).update(created_at=row.created_at)
        created += 1
    return created
