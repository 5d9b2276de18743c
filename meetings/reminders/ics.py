"""The .ics file attached to reminders and notices (same UID and SEQUENCE as the meeting pages)."""

from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event


def meeting_uid(meeting) -> str:
    host = urlparse(settings.SITE_URL).hostname or "localhost"
    return f"meeting-{meeting.pk}@{host}"


def meeting_ics(meeting, *, url: str = "", agenda: list[str] | tuple = ()) -> bytes:
    """One VEVENT for ``meeting``; a calendar that already has it updates it (UID + SEQUENCE)."""
    cancelled = meeting.status == meeting.Status.CANCELLED
    cal = Calendar()
    cal.add("prodid", "-//Gender CoP//meetings//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    location = meeting.venue or meeting.online_url
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    description = "\n".join([*agenda, meeting.online_url if meeting.has_online_part else "", url])
    if description.strip():
        event.add("description", description.strip())
    cal.add_component(event)
    return cal.to_ical()
