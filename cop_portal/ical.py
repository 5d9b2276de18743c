"""iCalendar (RFC 5545) documents, built with the ``icalendar`` library: the one builder behind
the calendar feeds and the files attached to e-mails.

Times are written in UTC (``...Z``), so no VTIMEZONE is needed. An event's UID never changes;
its SEQUENCE goes up with every change of time, place or status, and a cancelled event stays
as STATUS:CANCELLED (and TRANSPARENT) so calendar apps that already hold it remove it.
The apps describe their events with :class:`CalendarEvent`; this module knows no model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//Gender CoP Mongolia//Meetings//MN"


@dataclass(frozen=True)
class CalendarEvent:
    """What one VEVENT says; ``description`` parts are joined by blank lines, empty ones dropped."""

    uid: str
    sequence: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    description: tuple[str, ...] = ()
    url: str = ""
    location: str = ""
    categories: tuple[str, ...] = ()
    cancelled: bool = False
    last_modified: dt.datetime | None = None


def uid(kind: str, pk: int) -> str:
    """A UID that stays the same for the row's whole life, on every page and in every e-mail."""
    host = urlsplit(settings.SITE_URL).hostname or "gender-cop"
    return f"{kind}-{pk}@{host}"


def _vevent(item: CalendarEvent, *, now: dt.datetime) -> Event:
    utc = dt.UTC
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", now.astimezone(utc))
    if item.last_modified is not None:
        event.add("last-modified", item.last_modified.astimezone(utc))
    event.add("dtstart", item.starts_at.astimezone(utc))
    event.add("dtend", item.ends_at.astimezone(utc))
    event.add("sequence", item.sequence)
    event.add("summary", item.summary)
    description = "\n\n".join(str(part) for part in item.description if part)
    if description:
        event.add("description", description)
    if item.url:
        event.add("url", item.url)
    if item.location:
        event.add("location", item.location)
    if item.categories:
        event.add("categories", [str(c) for c in item.categories])
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if item.cancelled else "OPAQUE")
    return event


def calendar_bytes(events: Iterable[CalendarEvent], *, name: str = "") -> bytes:
    """A VCALENDAR (METHOD:PUBLISH) of ``events``; ``name`` is what calendar apps show for a feed."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("x-wr-calname", name)
        cal.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    for item in events:
        cal.add_component(_vevent(item, now=now))
    return cal.to_ical()
