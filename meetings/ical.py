"""Meetings as calendar events, for the feeds and for the files attached to e-mails.

``cop_portal.ical`` writes the iCalendar; this module says what a meeting's event holds, so
a meeting has the same UID, SEQUENCE, times, place and status wherever it is downloaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings

from cop_portal import ical

from .models import Meeting


def meeting_uid(meeting: Meeting) -> str:
    return ical.uid("meeting", meeting.pk)


class _Labels:
    """The display names of provinces, modes and formats in the active language, translated
    once per document: ``get_FOO_display()`` translates every choice of the field on each
    call (30 translations per meeting, most of a 2,000-meeting feed's build time)."""

    def __init__(self):
        field = Meeting._meta.get_field
        self.province = {k: str(v) for k, v in field("province").flatchoices}
        self.mode = {k: str(v) for k, v in field("mode").flatchoices}
        self.format = {k: str(v) for k, v in field("format").flatchoices}


def _location(meeting: Meeting, labels: _Labels) -> str:
    parts = [meeting.venue]
    if meeting.province:
        parts.append(labels.province.get(meeting.province, meeting.province))
    if meeting.has_online_part:
        parts.append(labels.mode.get(meeting.mode, meeting.mode))
    return ", ".join(str(p) for p in parts if p)


def meeting_event(
    meeting: Meeting,
    *,
    include_link: bool = False,
    url: str = "",
    agenda: Sequence[str] = (),
    labels: _Labels | None = None,
) -> ical.CalendarEvent:
    """The meeting's event; the online link only with ``include_link`` and never once cancelled."""
    labels = labels or _Labels()
    url = url or f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    cancelled = meeting.is_cancelled
    return ical.CalendarEvent(
        uid=meeting_uid(meeting),
        sequence=meeting.sequence,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        last_modified=meeting.updated_at,
        summary=meeting.title,
        description=(
            meeting.cancellation_reason if cancelled else "",
            meeting.description,
            "\n".join(str(line) for line in agenda if line),
            meeting.online_url if include_link and not cancelled else "",
            url,
        ),
        url=url,
        location=_location(meeting, labels),
        categories=(labels.format.get(meeting.format, meeting.format),),
        cancelled=cancelled,
    )


def calendar_bytes(
    meetings: Iterable[Meeting], *, name: str, links_for: frozenset[int] = frozenset()
) -> bytes:
    """A feed of ``meetings`` in the active language; the online link only for the meetings in
    ``links_for`` (those the reader holds a confirmed seat for)."""
    labels = _Labels()
    return ical.calendar_bytes(
        (meeting_event(m, include_link=m.pk in links_for, labels=labels) for m in meetings), name=name
    )


def meeting_ics(meeting: Meeting, *, url: str = "", agenda: Sequence[str] = ()) -> bytes:
    """The file attached to e-mails about ``meeting`` (sent to people holding a seat): the
    event the feeds show them, with the first lines of the agenda."""
    return ical.calendar_bytes([meeting_event(meeting, include_link=True, url=url, agenda=agenda)])
