"""The iCalendar writer gives, byte for byte, what the ``icalendar`` library gives for the same
events: escaping, folding (inside long Mongolian text, next to escapes), property order."""

import datetime as dt
from unittest import mock

import pytest
from icalendar import Calendar

from cop_portal import ical

NOW = dt.datetime(2026, 11, 30, 5, 1, 2, 345678, tzinfo=dt.UTC)
UB = dt.timezone(dt.timedelta(hours=8))


def _event(n: int, **changes) -> ical.CalendarEvent:
    fields = {
        "uid": f"meeting-{n}@cop.example.mn",
        "sequence": n % 4,
        "starts_at": dt.datetime(2026, 1, 1 + n % 28, 9, 30, 15, 999, tzinfo=UB),
        "ends_at": dt.datetime(2026, 1, 1 + n % 28, 12, tzinfo=UB),
        "summary": "Жендэрийн төсөвлөлт — уулзалт " * (1 + n % 4),
        "description": ("", "Тайлбар", "1. Нээлт\n2. Хэлэлцүүлэг", "", "https://cop.example.mn/meetings/1/"),
        "url": "https://cop.example.mn/meetings/1/?a=1,2;b",
        "location": "Хурлын танхим 3, Сүхбаатар; Hybrid (in person and online)",
        "categories": ("Training, on gender", "Хэлэлцүүлэг"),
        "cancelled": bool(n % 2),
        "last_modified": NOW - dt.timedelta(days=n),
    }
    fields.update(changes)
    return ical.CalendarEvent(**fields)


def _tricky() -> list[ical.CalendarEvent]:
    events = [_event(n) for n in range(8)]
    # Escapes and multi-byte characters at every position around the 75-octet fold.
    for shift in range(0, 80):
        events.append(
            _event(100 + shift, summary="a" * shift + "\\;,^Ж\r\n\\N𝄞" * 6, description=("ё" * shift,))
        )
    events.append(_event(200, description=(), location="", categories=(), url="", last_modified=None))
    events.append(_event(201, summary="x" * 74))
    events.append(_event(202, summary="x" * 65))  # exactly 74 octets with "SUMMARY:"
    events.append(_event(203, summary="x" * 66))  # 75 octets: folds
    return events


@pytest.mark.parametrize("name", ["", "Жендэрийн CoP-ын хурлууд", "My meetings, all of them; really"])
def test_writer_matches_the_library_byte_for_byte(name):
    events = _tricky()
    with mock.patch.object(ical.timezone, "now", return_value=NOW):
        ours = ical.calendar_bytes(events, name=name)
        theirs = ical.calendar_bytes_reference(events, name=name)
    assert ours == theirs


def test_the_written_document_parses_back():
    with mock.patch.object(ical.timezone, "now", return_value=NOW):
        body = ical.calendar_bytes(_tricky(), name="Feed")
    parsed = Calendar.from_ical(body)
    events = parsed.walk("VEVENT")
    assert len(events) == len(_tricky())
    # Line breaks come back as "\n" (a typed "\N" too, as the library reads it).
    assert str(events[8]["SUMMARY"]) == "\\;,^Ж\n\n𝄞" * 6
    assert max(len(line) for line in body.split(b"\r\n")) <= 75
