"""The meeting-month tallies (:class:`~insights.models.MeetingMonthTally`): the SQL that the
attendance and meeting triggers of ``insights.tallies`` add to keep them, and their recount
from the meeting tallies. Attendance rows of meetings not cancelled per month (site time zone),
the meeting's format and province and the recorded gender: a meeting moved to another month,
given another format or province, cancelled or restored moves its counts."""

from __future__ import annotations

from django.conf import settings

from meetings.models import Meeting

MEETING_MONTH_TABLE = "insights_meeting_month_tally"
CANCELLED = Meeting.Status.CANCELLED.value


def month_sql(column: str, vendor: str) -> str:
    tz = settings.TIME_ZONE
    if vendor == "postgresql":
        return f"(date_trunc('month', {column} AT TIME ZONE '{tz}'))::date"
    return f"date(django_datetime_trunc('month', {column}, '{tz}', 'UTC'))"


def pg_apply_step(month: str) -> str:
    """In ``insights_tally_apply``: the changes (ms, gs, ds) added to their meetings' months."""
    return f"""
  INSERT INTO {MEETING_MONTH_TABLE} AS t (month, format, province, gender, n)
    SELECT {month}, mt.format, mt.province, g, sum(d)
    FROM unnest(ms, gs, ds) AS u(m, g, d) JOIN meetings_meeting mt ON mt.id = u.m
    WHERE mt.status <> '{CANCELLED}'
    GROUP BY 1, 2, 3, g HAVING sum(d) <> 0 ORDER BY 1, 2, 3, g
    ON CONFLICT (month, format, province, gender) DO UPDATE SET n = t.n + EXCLUDED.n;
  DELETE FROM {MEETING_MONTH_TABLE} WHERE n = 0;"""


def pg_moved_step(old_month: str, new_month: str) -> str:
    """The meeting-month tallies of meetings moved (month, format, province, cancellation)."""
    return f"""
  INSERT INTO {MEETING_MONTH_TABLE} AS t (month, format, province, gender, n)
    SELECT month, format, province, gender, sum(d) FROM (
      SELECT {old_month} AS month, o.format, o.province, mt.gender, -mt.n AS d
        FROM old_rows o JOIN insights_meeting_tally mt ON mt.meeting_id = o.id
        WHERE o.status <> '{CANCELLED}'
      UNION ALL
      SELECT {new_month}, nw.format, nw.province, mt.gender, mt.n
        FROM new_rows nw JOIN insights_meeting_tally mt ON mt.meeting_id = nw.id
        WHERE nw.status <> '{CANCELLED}'
    ) AS c GROUP BY month, format, province, gender HAVING sum(d) <> 0
    ORDER BY month, format, province, gender
    ON CONFLICT (month, format, province, gender) DO UPDATE SET n = t.n + EXCLUDED.n;
  DELETE FROM {MEETING_MONTH_TABLE} WHERE n = 0;"""


def sqlite_add_step(row: str, sign: str, month: str) -> str:
    """In a row trigger on attendance: ``row`` (NEW or OLD) counted in its meeting's month."""
    return f"""
  INSERT INTO {MEETING_MONTH_TABLE} (month, format, province, gender, n)
    SELECT {month}, format, province, {row}.gender, {sign}1 FROM meetings_meeting
    WHERE id = {row}.meeting_id AND status <> '{CANCELLED}'
    ON CONFLICT (month, format, province, gender) DO UPDATE SET n = n {sign} 1;
  DELETE FROM {MEETING_MONTH_TABLE} WHERE n = 0;"""


def sqlite_move_step(row: str, sign: str, month: str) -> str:
    """In the meeting trigger: the meeting ``row``'s tallies added to (or taken from) its month."""
    return f"""
  INSERT INTO {MEETING_MONTH_TABLE} (month, format, province, gender, n)
    SELECT {month}, {row}.format, {row}.province, gender, {sign}n FROM insights_meeting_tally
    WHERE meeting_id = {row}.id AND {row}.status <> '{CANCELLED}'
    ON CONFLICT (month, format, province, gender) DO UPDATE SET n = n + excluded.n;"""


def rebuild_sql(vendor: str) -> list[str]:
    """From the meeting tallies (recounted first)."""
    month = month_sql("m.starts_at", vendor)
    return [
        f"DELETE FROM {MEETING_MONTH_TABLE}",
        f"INSERT INTO {MEETING_MONTH_TABLE} (month, format, province, gender, n) "
        f"SELECT {month}, m.format, m.province, t.gender, sum(t.n) FROM insights_meeting_tally t "
        f"JOIN meetings_meeting m ON m.id = t.meeting_id WHERE m.status <> '{CANCELLED}' "
        "GROUP BY 1, 2, 3, 4",
    ]
