"""iCalendar (RFC 5545) documents of meetings, built with the ``icalendar`` library.

Times are written in UTC (``...Z``), so no VTIMEZONE is needed. The UID of a meeting never
changes; its SEQUENCE goes up with every change of time, place or status (the services
bump it), and a cancelled meeting stays in the feeds as STATUS:CANCELLED so calendar
apps remove it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting

PRODID = "-//Gender CoP Mongolia//Meetings//MN"


def meeting_uid(meeting: Meeting) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "gender-cop"
    return f"meeting-{meeting.pk}@{host}"


def _location(meeting: Meeting) -> str:
    parts = [meeting.venue]
    if meeting.province:
        parts.append(meeting.get_province_display())
    if meeting.has_online_part:
        parts.append(str(meeting.get_mode_display()))
    return ", ".join(str(p) for p in parts if p)


def meeting_event(meeting: Meeting, *, include_link: bool = False) -> Event:
    utc = dt.UTC
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("dtstamp", timezone.now().astimezone(utc))
    event.add("last-modified", meeting.updated_at.astimezone(utc))
    event.add("dtstart", meeting.starts_at.astimezone(utc))
    event.add("dtend", meeting.ends_at.astimezone(utc))
    event.add("sequence", meeting.sequence)
    event.add("summary", meeting.title)
    description = [meeting.description]
    if meeting.is_cancelled and meeting.cancellation_reason:
        description.insert(0, meeting.cancellation_reason)
    if include_link and meeting.online_url and not meeting.is_cancelled:
        description.append(meeting.online_url)
    url = f"{settings.SITE_URL}{meeting.get_absolute_url()}"
    description.append(url)
    event.add("description", "\n\n".join(d for d in description if d))
    event.add("url", url)
    location = _location(meeting)
    if location:
        event.add("location", location)
    event.add("categories", [str(meeting.get_format_display())])
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if meeting.is_cancelled else "OPAQUE")
    return event


def calendar_bytes(
    meetings: Iterable[Meeting], *, name: str, links_for: frozenset[int] = frozenset()
) -> bytes:
    """A VCALENDAR of ``meetings`` in the active language; the online link only for the
    meetings in ``links_for`` (those the reader holds a confirmed seat for)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for meeting in meetings:
        cal.add_component(meeting_event(meeting, include_link=meeting.pk in links_for))
    return cal.to_ical()
