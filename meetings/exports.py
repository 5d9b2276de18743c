"""The registrations-and-attendance CSV: one builder for the admin's export (many meetings,
with the meeting's columns) and a branch meeting's pages (one meeting). The caller passes what
its reader may see of e-mail addresses (``permissions.user_can_read_every_email``).

No gender column: individual gender is shown only to the person and the technical
administrator; coordinators see it counted (insights), never per person."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cop_portal.csv import csv_response
from members.models import Level

from . import selectors
from .models import Meeting, Registration

# Headings and values in the reader's language: a spreadsheet is read by people, not parsed.
MEETING_COLUMNS = [_("Meeting number"), _("Meeting"), _("Starts at"), _("Format")]
PERSON_COLUMNS = [
    _("Name"),
    _("E-mail (if shown in the member directory)"),
    _("Organisation"),
    _("Level of government"),
    _("Registration"),
    _("Registered at"),
    _("Attended"),
    _("Walk-in"),
]
CSV_YES = _("yes")
CSV_NO = _("no")


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def headings(columns) -> list[str]:
    return [str(c) for c in columns]


def registration_rows(meetings: Sequence[Meeting], *, every_email: bool) -> Iterator[list]:
    """Every registrant, then everyone present without a registration (walk-ins, members or
    guests), one row each: the person's columns. ``every_email``: all addresses, else only
    those their owners show in the directory. Two queries."""
    meeting_ids = [m.pk for m in meetings]
    levels, statuses = dict(Level.choices), dict(Registration.Status.choices)
    yes, no = str(CSV_YES), str(CSV_NO)
    attendances = list(selectors.attendance_list_for_export(meeting_ids=meeting_ids))
    present = {(a.meeting_id, a.user_id) for a in attendances if a.user_id is not None}
    seen = set()
    registrations = selectors.registration_list_for_export(meeting_ids=meeting_ids)
    for r in registrations.iterator(chunk_size=500):
        seen.add((r.meeting_id, r.user_id))
        user, org = r.user, r.user.organisation
        email = user.email if every_email or user.contact_visible else ""
        attended = yes if (r.meeting_id, r.user_id) in present else no
        yield (
            r.meeting_id,
            [
                user.get_full_name(),
                email,
                org.name if org else "",
                str(levels.get(org.level, org.level)) if org else "",
                str(statuses.get(r.status, r.status)),
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
                str(levels.get(org.level, org.level)) if org else "",
                "",
                "",
                yes,
                yes if a.is_walk_in else "",
            ],
        )


def registrations_csv(
    meetings: Sequence[Meeting], *, filename: str, every_email: bool, meeting_columns: bool = True
) -> HttpResponse:
    """The CSV download of ``registration_rows``, with the meeting's columns first when it
    covers more than one meeting."""
    response, writer = csv_response(filename)
    writer.writerow(headings([*MEETING_COLUMNS, *PERSON_COLUMNS] if meeting_columns else PERSON_COLUMNS))
    by_id = {m.pk: m for m in meetings}
    for meeting_id, row in registration_rows(meetings, every_email=every_email):
        if meeting_columns:
            m = by_id[meeting_id]
            row = [m.pk, m.title, _when(m.starts_at), m.get_format_display(), *row]
        writer.writerow(row)
    return response
