"""The attendance tallies (``insights.models``): the triggers that keep them, their rebuild from
the raw rows, and the comparison with the raw rows.

Why triggers: attendance is written by the meetings services (a whole sheet, a page of it, a
walk-in), by the admin (edit, delete), by cascades (a deleted meeting deletes its attendance, a
deleted organisation leaves its attendance without one) and by the seeds; the meetings app may
not import insights (README "Architecture"). A trigger runs inside the transaction of whichever
statement wrote, so a tally is never behind nor ahead of the rows it counts, and a rolled back
write rolls its counts back. What the tallies key on:

- the attendance row's own ``meeting_id``, ``organisation_id`` and ``gender`` (recorded at the
  meeting; a member's later change of profile changes neither the row nor the counts);
- for :class:`~insights.models.MonthTally`, also the meeting's month (``starts_at`` in the
  site's time zone) and whether it is cancelled: a meeting moved to another month, cancelled
  or restored moves its counts (a trigger on the meeting table). The other meeting facts a
  report filters or groups by (format, province, CoP, status) are read from the meeting when
  the report is built, so changing them needs no upkeep.

PostgreSQL: statement-level triggers read the statement's rows once (transition tables), add up
the changes per key and apply them in key order. The month tallies are shared by every meeting
of a month: their writers take one transaction-level advisory lock first (attendance writes
queue behind each other from their first row to their commit, a few milliseconds each; without
it two sheets that each add and then remove rows could deadlock). SQLite: row-level triggers (SQLite writes one transaction at a time);
its month comes from the function Django registers on each connection
(``django_datetime_trunc``), so only Django connections may write attendance there.

The member tallies (:class:`~insights.models.MemberTally`) are kept the same way by triggers on
the people table (their SQL: ``insights.member_tallies``); installed, rebuilt and compared here.

``manage.py insights_tallies --rebuild`` recounts them from the raw rows (after a bulk load with
the triggers disabled, or a change of ``TIME_ZONE``, which the triggers were created with);
``--check`` compares them with the raw rows.
"""

from __future__ import annotations

from functools import partial

from django.db import connection, transaction

from cop_portal import pagecache

from . import meeting_month_tallies as mm
from .member_tallies import (
    MEMBER_TABLE,
    MEMBER_TRIGGERS,
    PEOPLE,
    member_rebuild_sql,
    pg_member_drop,
    pg_member_install,
    sqlite_member_install,
)
from .models import (
    NO_ORGANISATION_ID,
    MeetingMonthTally,
    MeetingTally,
    MemberTally,
    MonthTally,
    OrganisationTally,
)

TABLES = ("insights_meeting_tally", "insights_organisation_tally", "insights_month_tally")
MEETING_MONTH_TABLE = mm.MEETING_MONTH_TABLE
CANCELLED = mm.CANCELLED
_month_sql = mm.month_sql


# --- PostgreSQL --------------------------------------------------------------------------------


def _pg_apply(months: bool) -> str:
    month = _month_sql("mt.starts_at", "postgresql")
    by_month = mm.pg_apply_step(month)
    return f"""
CREATE OR REPLACE FUNCTION insights_tally_apply(ms bigint[], os bigint[], gs text[], ds int[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(ms) = 0 THEN RETURN; END IF;
  -- The meetings' month and status are read below: a concurrent move of one of them waits
  -- for this transaction (and this one for it), so no count lands in a month it just left.
  PERFORM 1 FROM meetings_meeting WHERE id = ANY(ms) ORDER BY id FOR SHARE;
  -- One writer of month tallies at a time until it commits: two transactions that each write
  -- twice (a sheet adds, then removes) could otherwise take shared keys in crossed orders.
  PERFORM pg_advisory_xact_lock(hashtext('insights_month_tally'));
  INSERT INTO insights_meeting_tally AS t (meeting_id, gender, n)
    SELECT m, g, sum(d) FROM unnest(ms, gs, ds) AS u(m, g, d)
    GROUP BY m, g HAVING sum(d) <> 0 ORDER BY m, g
    ON CONFLICT (meeting_id, gender) DO UPDATE SET n = t.n + EXCLUDED.n;
  INSERT INTO insights_organisation_tally AS t (meeting_id, organisation_id, gender, n)
    SELECT m, o, g, sum(d) FROM unnest(ms, os, gs, ds) AS u(m, o, g, d)
    GROUP BY m, o, g HAVING sum(d) <> 0 ORDER BY m, o, g
    ON CONFLICT (meeting_id, organisation_id, gender) DO UPDATE SET n = t.n + EXCLUDED.n;
  INSERT INTO insights_month_tally AS t (month, organisation_id, gender, n)
    SELECT {month}, o, g, sum(d)
    FROM unnest(ms, os, gs, ds) AS u(m, o, g, d) JOIN meetings_meeting mt ON mt.id = u.m
    WHERE mt.status <> '{CANCELLED}'
    GROUP BY 1, o, g HAVING sum(d) <> 0 ORDER BY 1, o, g
    ON CONFLICT (month, organisation_id, gender) DO UPDATE SET n = t.n + EXCLUDED.n;
  DELETE FROM insights_meeting_tally WHERE n = 0 AND meeting_id = ANY(ms);
  DELETE FROM insights_organisation_tally WHERE n = 0 AND meeting_id = ANY(ms);
  DELETE FROM insights_month_tally WHERE n = 0 AND organisation_id = ANY(os);{by_month if months else ""}
END $$;
"""


def _pg_changes(select: str) -> str:
    """The body of a trigger function: ``select`` gives (meeting_id, organisation_id, gender, d)
    rows; they are added up per key and applied."""
    return f"""
DECLARE ms bigint[]; os bigint[]; gs text[]; ds int[];
BEGIN
  SELECT coalesce(array_agg(m), '{{}}'), coalesce(array_agg(o), '{{}}'),
         coalesce(array_agg(g), '{{}}'), coalesce(array_agg(d), '{{}}')
    INTO ms, os, gs, ds
    FROM (SELECT m, o, g, sum(d)::int AS d FROM ({select}) AS c(m, o, g, d)
          GROUP BY m, o, g HAVING sum(d) <> 0) AS s;
  PERFORM insights_tally_apply(ms, os, gs, ds);
  RETURN NULL;
END
"""


def _pg_row(rows: str, sign: str) -> str:
    return f"SELECT meeting_id, coalesce(organisation_id, {NO_ORGANISATION_ID}), gender, {sign}1 FROM {rows}"


def _pg_install(months: bool) -> list[str]:
    old_month = _month_sql("o.starts_at", "postgresql")
    new_month = _month_sql("nw.starts_at", "postgresql")
    by_month = mm.pg_moved_step(old_month, new_month) if months else ""
    moved = f"""
CREATE OR REPLACE FUNCTION insights_meeting_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('insights_month_tally'));
  INSERT INTO insights_month_tally AS t (month, organisation_id, gender, n)
    SELECT month, organisation_id, gender, sum(d) FROM (
      SELECT {old_month} AS month, ot.organisation_id, ot.gender, -ot.n AS d
        FROM old_rows o JOIN insights_organisation_tally ot ON ot.meeting_id = o.id
        WHERE o.status <> '{CANCELLED}'
      UNION ALL
      SELECT {new_month}, ot.organisation_id, ot.gender, ot.n
        FROM new_rows nw JOIN insights_organisation_tally ot ON ot.meeting_id = nw.id
        WHERE nw.status <> '{CANCELLED}'
    ) AS c GROUP BY month, organisation_id, gender HAVING sum(d) <> 0
    ORDER BY month, organisation_id, gender
    ON CONFLICT (month, organisation_id, gender) DO UPDATE SET n = t.n + EXCLUDED.n;
  DELETE FROM insights_month_tally WHERE n = 0;{by_month}
  RETURN NULL;
END $$;
"""
    functions = {
        "insights_attendance_added": _pg_row("new_rows", ""),
        "insights_attendance_removed": _pg_row("old_rows", "-"),
        "insights_attendance_changed": f"{_pg_row('new_rows', '')} UNION ALL {_pg_row('old_rows', '-')}",
    }
    sql = [_pg_apply(months), moved]
    for name, select in functions.items():
        sql.append(
            f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $${_pg_changes(select)}$$;"
        )
    sql += [
        "CREATE TRIGGER insights_attendance_added AFTER INSERT ON meetings_attendance "
        "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_attendance_added();",
        "CREATE TRIGGER insights_attendance_removed AFTER DELETE ON meetings_attendance "
        "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION insights_attendance_removed();",
        "CREATE TRIGGER insights_attendance_changed AFTER UPDATE ON meetings_attendance "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION insights_attendance_changed();",
        # A meeting's month or cancellation moves its month tallies, its format or province
        # its meeting-month tallies (a statement that changes none of these moves nothing:
        # the old and new rows cancel out).
        "CREATE TRIGGER insights_meeting_moved AFTER UPDATE ON meetings_meeting "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION insights_meeting_moved();",
    ]
    return sql


PG_TRIGGERS = {
    "insights_attendance_added": "meetings_attendance",
    "insights_attendance_removed": "meetings_attendance",
    "insights_attendance_changed": "meetings_attendance",
    "insights_meeting_moved": "meetings_meeting",
}


def _pg_drop() -> list[str]:
    sql = [f"DROP TRIGGER IF EXISTS {name} ON {table};" for name, table in PG_TRIGGERS.items()]
    sql += [f"DROP FUNCTION IF EXISTS {name}();" for name in PG_TRIGGERS]
    sql.append("DROP FUNCTION IF EXISTS insights_tally_apply(bigint[], bigint[], text[], int[]);")
    return sql


# --- SQLite ------------------------------------------------------------------------------------


def _sqlite_add(row: str, sign: str, months: bool) -> str:
    """Statements adding ``sign``1 for the attendance row ``row`` (NEW or OLD)."""
    org = f"coalesce({row}.organisation_id, {NO_ORGANISATION_ID})"
    month = _month_sql("starts_at", "sqlite")
    by_month = mm.sqlite_add_step(row, sign, month)
    return f"""
  INSERT INTO insights_meeting_tally (meeting_id, gender, n) VALUES ({row}.meeting_id, {row}.gender, {sign}1)
    ON CONFLICT (meeting_id, gender) DO UPDATE SET n = n {sign} 1;
  INSERT INTO insights_organisation_tally (meeting_id, organisation_id, gender, n)
    VALUES ({row}.meeting_id, {org}, {row}.gender, {sign}1)
    ON CONFLICT (meeting_id, organisation_id, gender) DO UPDATE SET n = n {sign} 1;
  INSERT INTO insights_month_tally (month, organisation_id, gender, n)
    SELECT {month}, {org}, {row}.gender, {sign}1 FROM meetings_meeting
    WHERE id = {row}.meeting_id AND status <> '{CANCELLED}'
    ON CONFLICT (month, organisation_id, gender) DO UPDATE SET n = n {sign} 1;
  DELETE FROM insights_meeting_tally WHERE meeting_id = {row}.meeting_id AND n = 0;
  DELETE FROM insights_organisation_tally WHERE meeting_id = {row}.meeting_id AND n = 0;
  DELETE FROM insights_month_tally WHERE organisation_id = {org} AND n = 0;{by_month if months else ""}
"""


def _sqlite_move(row: str, sign: str, months: bool) -> str:
    """Add (or take away) a meeting's organisation tallies to its month, and its meeting
    tallies to its month, format and province (``row``: NEW or OLD)."""
    month = _month_sql(f"{row}.starts_at", "sqlite")
    by_month = mm.sqlite_move_step(row, sign, month)
    return f"""
  INSERT INTO insights_month_tally (month, organisation_id, gender, n)
    SELECT {month}, organisation_id, gender, {sign}n FROM insights_organisation_tally
    WHERE meeting_id = {row}.id AND {row}.status <> '{CANCELLED}'
    ON CONFLICT (month, organisation_id, gender) DO UPDATE SET n = n + excluded.n;{by_month if months else ""}
"""


def _sqlite_install(months: bool) -> list[str]:
    changed = "OLD.meeting_id IS NOT NEW.meeting_id OR OLD.organisation_id IS NOT NEW.organisation_id "
    changed += "OR OLD.gender IS NOT NEW.gender"
    old_month, new_month = _month_sql("OLD.starts_at", "sqlite"), _month_sql("NEW.starts_at", "sqlite")
    moved = f"{old_month} IS NOT {new_month} OR (OLD.status = '{CANCELLED}') <> (NEW.status = '{CANCELLED}')"
    if months:
        moved += " OR OLD.format IS NOT NEW.format OR OLD.province IS NOT NEW.province"
    by_month_cleanup = f"\n  DELETE FROM {MEETING_MONTH_TABLE} WHERE n = 0;" if months else ""
    add, move = partial(_sqlite_add, months=months), partial(_sqlite_move, months=months)
    return [
        f"CREATE TRIGGER insights_attendance_added AFTER INSERT ON meetings_attendance BEGIN"
        f"{add('NEW', '+')}END;",
        f"CREATE TRIGGER insights_attendance_removed AFTER DELETE ON meetings_attendance BEGIN"
        f"{add('OLD', '-')}END;",
        f"CREATE TRIGGER insights_attendance_changed AFTER UPDATE ON meetings_attendance WHEN {changed} BEGIN"
        f"{add('OLD', '-')}{add('NEW', '+')}END;",
        f"CREATE TRIGGER insights_meeting_moved AFTER UPDATE ON meetings_meeting WHEN {moved} BEGIN"
        f"{move('OLD', '-')}{move('NEW', '')}"
        f"  DELETE FROM insights_month_tally WHERE n = 0;{by_month_cleanup}\nEND;",
    ]


def _sqlite_drop() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name};" for name in (*PG_TRIGGERS, *MEMBER_TRIGGERS)]


# --- install, rebuild, compare -----------------------------------------------------------------


def _present(conn=connection) -> set[str]:
    """The tally tables the database has: the migrations made them one after the other and
    install the triggers of those made so far."""
    return set(conn.introspection.table_names()) & {*TABLES, MEETING_MONTH_TABLE, MEMBER_TABLE}


def install_triggers(conn=connection, *, without: tuple[str, ...] = ()) -> None:
    """(Re)create the triggers of every tally whose table the database has (but ``without``:
    a migration taking one away)."""
    present = _present(conn) - set(without)
    months, members = MEETING_MONTH_TABLE in present, MEMBER_TABLE in present
    if conn.vendor == "postgresql":
        statements = _pg_install(months) + (pg_member_install() if members else [])
    else:
        statements = _sqlite_install(months) + (sqlite_member_install() if members else [])
    with conn.cursor() as cursor:
        for sql in [*drop_statements(conn), *statements]:
            cursor.execute(sql)


def drop_statements(conn=connection) -> list[str]:
    return _pg_drop() + pg_member_drop() if conn.vendor == "postgresql" else _sqlite_drop()


def drop_triggers(conn=connection) -> None:
    with conn.cursor() as cursor:
        for sql in drop_statements(conn):
            cursor.execute(sql)


def _rebuild_sql(vendor: str) -> list[str]:
    month = _month_sql("m.starts_at", vendor)
    org = f"coalesce(a.organisation_id, {NO_ORGANISATION_ID})"
    return [
        *(f"DELETE FROM {table}" for table in TABLES),
        "INSERT INTO insights_meeting_tally (meeting_id, gender, n) "
        "SELECT a.meeting_id, a.gender, count(*) FROM meetings_attendance a GROUP BY a.meeting_id, a.gender",
        "INSERT INTO insights_organisation_tally (meeting_id, organisation_id, gender, n) "
        f"SELECT a.meeting_id, {org}, a.gender, count(*) FROM meetings_attendance a "
        f"GROUP BY a.meeting_id, {org}, a.gender",
        "INSERT INTO insights_month_tally (month, organisation_id, gender, n) "
        f"SELECT {month}, o.organisation_id, o.gender, sum(o.n) FROM insights_organisation_tally o "
        f"JOIN meetings_meeting m ON m.id = o.meeting_id WHERE m.status <> '{CANCELLED}' "
        f"GROUP BY {month}, o.organisation_id, o.gender",
    ]


@transaction.atomic
def tallies_rebuild(*, attendance: bool = True, members: bool = True, meeting_months: bool = True) -> None:
    """Recount the tallies (of the tables the database has) from the raw rows: the attendance
    ones, the member ones, or only the meeting-month ones (from the meeting tallies). On
    PostgreSQL the tables counted are locked against writes meanwhile (reads go on), so
    nothing is counted twice or missed."""
    vendor, present = connection.vendor, _present()
    members = members and MEMBER_TABLE in present
    meeting_months = meeting_months and MEETING_MONTH_TABLE in present
    statements, tables, counted = [], [], []
    if attendance:
        statements += _rebuild_sql(vendor)
        tables += TABLES
    if meeting_months:
        statements += mm.rebuild_sql(vendor)
        tables.append(MEETING_MONTH_TABLE)
    if attendance or meeting_months:
        counted += ["meetings_attendance", "meetings_meeting"]
    if members:
        statements += member_rebuild_sql(vendor)
        tables.append(MEMBER_TABLE)
        counted.append(PEOPLE)
    if not statements:
        return
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {', '.join(counted)} IN SHARE MODE")
        for sql in statements:
            cursor.execute(sql)
        if vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}")


def tallies_emptied_with_their_rows(conn=connection) -> None:
    """After ``flush`` (``post_migrate``, see ``apps``): with no attendance (no people) left,
    no attendance (member) tally either. On SQLite ``flush`` deletes table after table, and a
    tally emptied before the rows it counts is then taken below zero by their delete
    triggers; PostgreSQL's TRUNCATE fires none. A database with rows is left as it is."""
    present = _present(conn)
    counted_by = {
        "meetings_attendance": [table for table in (*TABLES, MEETING_MONTH_TABLE) if table in present],
        PEOPLE: [MEMBER_TABLE] if MEMBER_TABLE in present else [],
    }
    deleted = 0
    with conn.cursor() as cursor:
        for rows, tallies in counted_by.items():
            if not tallies:
                continue
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {rows})")
            if not cursor.fetchone()[0]:
                for table in tallies:
                    cursor.execute(f"DELETE FROM {table}")
                    deleted += max(cursor.rowcount, 0)
    if deleted:  # a new database has none: its migrate needs no cache
        pagecache.invalidate("insights")


def tallies_as_stored() -> dict[str, set[tuple]]:
    return {
        "meeting": set(MeetingTally.objects.values_list("meeting_id", "gender", "n")),
        "organisation": set(
            OrganisationTally.objects.values_list("meeting_id", "organisation_id", "gender", "n")
        ),
        "month": set(MonthTally.objects.values_list("month", "organisation_id", "gender", "n")),
        "member": set(MemberTally.objects.values_list("year", "organisation_id", "gender", "n")),
        "meeting_month": set(
            MeetingMonthTally.objects.values_list("month", "format", "province", "gender", "n")
        ),
    }


def tallies_differences() -> dict[str, tuple[set, set]]:
    """Per tally, (rows stored but not recounted, rows recounted but not stored); empty when
    exact. The recount is the rebuild's, made in a savepoint that is then rolled back."""
    stored = tallies_as_stored()
    with transaction.atomic():
        sid = transaction.savepoint()
        tallies_rebuild()
        recounted = tallies_as_stored()
        transaction.savepoint_rollback(sid)
    return {
        name: (stored[name] - recounted[name], recounted[name] - stored[name])
        for name in stored
        if stored[name] != recounted[name]
    }
