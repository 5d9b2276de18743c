"""CSV export of registrations and attendance (read through the selectors, written safely)."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone

from cop_portal.csv import csv_response

from .. import selectors

HEADER = [
    "meeting_id",
    "meeting",
    "starts_at",
    "format",
    "person",
    "email",
    "organisation",
    "level",
    "gender",
    "registration_status",
    "registered_at",
    "attended",
    "walk_in",
]


def registrations_csv(meetings) -> HttpResponse:
    """Registrants and everyone present (walk-ins too) of ``meetings``, one row each."""
    response, writer = csv_response("registrations-attendance.csv")
    writer.writerow(HEADER)
    meeting_ids = [m.pk for m in meetings]
    attendances = list(selectors.attendance_list_for_export(meeting_ids=meeting_ids))
    by_user = {(a.meeting_id, a.user_id): a for a in attendances if a.user_id is not None}
    seen = set()
    for r in selectors.registration_list_for_export(meeting_ids=meeting_ids):
        seen.add((r.meeting_id, r.user_id))
        org = r.user.organisation
        writer.writerow(
            [
                r.meeting_id,
                r.meeting.title,
                timezone.localtime(r.meeting.starts_at).isoformat(),
                r.meeting.format,
                r.user.get_full_name(),
                r.user.email,
                org.name if org else "",
                org.level if org else "",
                r.user.gender,
                r.status,
                timezone.localtime(r.queued_at).isoformat(),
                "yes" if (r.meeting_id, r.user_id) in by_user else "no",
                "",
            ]
        )
    meetings_by_id = {m.pk: m for m in meetings}
    # People present without a registration: walk-ins, members or guests.
    for att in attendances:
        if att.user_id is not None and (att.meeting_id, att.user_id) in seen:
            continue
        meeting = meetings_by_id[att.meeting_id]
        writer.writerow(
            [
                att.meeting_id,
                meeting.title,
                timezone.localtime(meeting.starts_at).isoformat(),
                meeting.format,
                att.full_name,
                "",
                att.organisation.name if att.organisation else "",
                att.organisation.level if att.organisation else "",
                att.gender,
                "",
                "",
                "yes",
                "yes" if att.is_walk_in else "",
            ]
        )
    return response
