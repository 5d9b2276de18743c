"""CSV export of registrations and attendance."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.utils import timezone

from ..models import (
    Attendance,
    Registration,
)


class _SafeWriter:
    """csv.writer that defuses cells a spreadsheet would run as a formula (CSV injection)."""

    def __init__(self, stream):
        self._writer = csv.writer(stream)

    @staticmethod
    def _safe(value):
        text = "" if value is None else str(value)
        return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

    def writerow(self, row):
        self._writer.writerow([self._safe(v) for v in row])


def _write_registrations_csv(meetings) -> HttpResponse:
    """Registrants and everyone present (walk-ins too) of ``meetings``, one row each.

    No gender column: individual gender is shown only to the person and the technical
    administrator; coordinators see it counted (insights), never per person."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="registrations-attendance.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 (Mongolian Cyrillic) correctly with a BOM.
    writer = _SafeWriter(response)
    writer.writerow(
        [
            "meeting_id",
            "meeting",
            "starts_at",
            "format",
            "person",
            "email",
            "organisation",
            "level",
            "registration_status",
            "registered_at",
            "attended",
            "walk_in",
        ]
    )
    meeting_ids = [m.pk for m in meetings]
    attendances = list(
        Attendance.objects.filter(meeting_id__in=meeting_ids).select_related("organisation").order_by("id")
    )
    by_user = {(a.meeting_id, a.user_id): a for a in attendances if a.user_id is not None}
    seen = set()
    registrations = (
        Registration.objects.filter(meeting_id__in=meeting_ids)
        .select_related("meeting", "user__organisation")
        .order_by("meeting__starts_at", "queued_at", "id")
    )
    for r in registrations:
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
                "",
                "",
                "yes",
                "yes" if att.is_walk_in else "",
            ]
        )
    return response
