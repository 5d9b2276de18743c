"""Helpers for the insights tests: Ulaanbaatar datetimes and many attendance rows at once
(the factories are tests/factories.py, one per model)."""

import datetime as dt
from zoneinfo import ZoneInfo

from meetings.models import Attendance

UB = ZoneInfo("Asia/Ulaanbaatar")


def ub(year, month, day, hour=10, minute=0) -> dt.datetime:
    """An aware datetime in Ulaanbaatar time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=UB)


def add_attendance(meeting, organisation, gender: str, count: int) -> list[Attendance]:
    """``count`` walk-in attendance records in one INSERT."""
    return Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            organisation=organisation,
            gender=gender,
            full_name=f"Оролцогч {meeting.pk}-{gender or 'x'}-{i}",
            is_walk_in=True,
        )
        for i in range(count)
    )
