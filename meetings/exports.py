"""The registrations-and-attendance CSV: one builder for the admin's export (many meetings,
with the meeting's columns) and a branch meeting's pages (one meeting). The caller passes what
its reader may see of e-mail addresses (``permissions.user_can_read_every_email``).

No gender column: individual gender is shown only to the person and the technical
administrator; coordinators see it counted (insights), never per person."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.http import HttpResponse
from django.utils import timezone

from cop_portal.csv import csv_response

from . import selectors
from .models import Meeting

MEETING_COLUMNS = ["meeting_id", "meeting", "starts_at", "format"]
PERSON_COLUMNS = [
    "person",
    "email",
    "organisation",
    "level",
    "registration_status",
    "registered_at",
    "attended",
    "walk_in",
]


def _when(moment) -> str:
    return timezone.localtime(moment).isoformat() if moment else ""


def registration_rows(meetings: Sequence[Meeting], *, every_email: bool) -> Iterator[list]:
    """Every registrant, then everyone present without a registration (walk-ins, members or
    guests), one row each: the person's columns. ``every_email``: all addresses, else only
    those their owners show in the directory. Two queries."""
    meeting_ids = [m.pk for m in meetings]
    attendances = list(selectors.attendance_list_for_export(meeting_ids=meeting_ids))
    present = {(a.meeting_id, a.user_id) for a in attendances if a.user_id is not None}
    seen = set()
    registrations = selectors.registration_list_for_export(meeting_ids=meeting_ids)
    for r in registrations.iterator(chunk_size=500):
        seen.add((r.meeting_id, r.user_id))
        user, org = r.user, r.user.organisation
        email = user.email if every_email or user.contact_visible else ""
        attended = "yes" if (r.meeting_id, r.user_id) in present else "no"
        yield (
            r.meeting_id,
            [
                user.get_full_name(),
                email,
                org.name if org else "",
                org.level if org else "",
                r.status,
                _when(r.queued_at),
                attended,
                "",
            ],
        )
    for a in attendances:
        if a.user_id is not None and (a.meeting_id, a.user_id) in seen:
            continue
        org = a.organisation
        yield (
            a.meeting_id,
            [
                a.full_name,
                "",
                org.name if org else "",
                org.level if org else "",
                "",
                "",
                "yes",
                "yes" if a.is_walk_in else "",
            ],
        )


def registrations_csv(
    meetings: Sequence[Meeting], *, filename: str, every_email: bool, meeting_columns: bool = True
) -> HttpResponse:
    """The CSV download of ``registration_rows``, with the meeting's columns first when it
    covers more than one meeting."""
    response, writer = csv_response(filename)
    writer.writerow([*MEETING_COLUMNS, *PERSON_COLUMNS] if meeting_columns else PERSON_COLUMNS)
    by_id = {m.pk: m for m in meetings}
    for meeting_id, row in registration_rows(meetings, every_email=every_email):
        if meeting_columns:
            m = by_id[meeting_id]
            row = [m.pk, m.title, _when(m.starts_at), m.format, *row]
        writer.writerow(row)
    return response
