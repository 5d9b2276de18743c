"""The member tallies (:class:`~insights.models.MemberTally`): the SQL of their triggers and of
their recount; ``insights.tallies`` installs, rebuilds and compares them with the attendance
tallies (its docstring says why triggers).

Approved, active members per year joined (site time zone), organisation and gender. Row-level
triggers on the people table fire only when one of those facts changes (not on a sign-in's
``last_login``, which the WHEN clause skips). On PostgreSQL each writer first takes its own
transaction-level advisory lock, so two transactions that move people between the same keys in
crossed orders queue instead of deadlocking; member writes do not queue behind attendance ones.
"""

from __future__ import annotations

from django.conf import settings

from members.models import User

from .models import NO_ORGANISATION_ID

MEMBER_TABLE = "insights_member_tally"
APPROVED = User.Status.APPROVED.value
PEOPLE = User._meta.db_table
# What a member tally keys on or counts by: a change of any other column moves nothing.
MEMBER_COLUMNS = ("status", "is_active", "date_joined", "organisation_id", "gender")


def _year_sql(column: str, vendor: str) -> str:
    """The year ``column`` falls in, in the site's time zone (as ``ExtractYear`` with it)."""
    tz = settings.TIME_ZONE
    if vendor == "postgresql":
        return f"(extract(year FROM {column} AT TIME ZONE '{tz}'))::int"
    return f"CAST(django_datetime_extract('year', {column}, '{tz}', 'UTC') AS integer)"


def _counted(row: str) -> str:
    """Whether the person ``row`` (NEW or OLD) counts as a member."""
    return f"({row}.status = '{APPROVED}' AND {row}.is_active)"


def _pg_member_step(row: str, sign: str) -> str:
    year = _year_sql(f"{row}.date_joined", "postgresql")
    org = f"coalesce({row}.organisation_id, {NO_ORGANISATION_ID})"
    return f"""
  IF {_counted(row)} THEN
    INSERT INTO {MEMBER_TABLE} AS t (year, organisation_id, gender, n) VALUES ({year}, {org}, {row}.gender, {sign}1)
      ON CONFLICT (year, organisation_id, gender) DO UPDATE SET n = t.n {sign} 1;
    DELETE FROM {MEMBER_TABLE} WHERE year = {year} AND organisation_id = {org} AND gender = {row}.gender AND n = 0;
  END IF;"""


def pg_member_install() -> list[str]:
    old, new = ", ".join(f"OLD.{c}" for c in MEMBER_COLUMNS), ", ".join(f"NEW.{c}" for c in MEMBER_COLUMNS)
    function = f"""
CREATE OR REPLACE FUNCTION insights_member_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('{MEMBER_TABLE}'));
  IF TG_OP <> 'INSERT' THEN{_pg_member_step("OLD", "-")}
  END IF;
  IF TG_OP <> 'DELETE' THEN{_pg_member_step("NEW", "+")}
  END IF;
  RETURN NULL;
END $$;
"""
    run = "FOR EACH ROW"
    return [
        function,
        f"CREATE TRIGGER insights_member_added AFTER INSERT ON {PEOPLE} {run} "
        f"WHEN {_counted('NEW')} EXECUTE FUNCTION insights_member_changed();",
        f"CREATE TRIGGER insights_member_removed AFTER DELETE ON {PEOPLE} {run} "
        f"WHEN {_counted('OLD')} EXECUTE FUNCTION insights_member_changed();",
        f"CREATE TRIGGER insights_member_changed AFTER UPDATE OF {', '.join(MEMBER_COLUMNS)} ON {PEOPLE} {run} "
        f"WHEN (({_counted('OLD')} OR {_counted('NEW')}) AND ({old}) IS DISTINCT FROM ({new})) "
        "EXECUTE FUNCTION insights_member_changed();",
    ]


MEMBER_TRIGGERS = ("insights_member_added", "insights_member_removed", "insights_member_changed")


def pg_member_drop() -> list[str]:
    sql = [f"DROP TRIGGER IF EXISTS {name} ON {PEOPLE};" for name in MEMBER_TRIGGERS]
    sql.append("DROP FUNCTION IF EXISTS insights_member_changed();")
    return sql


def _sqlite_member_step(row: str, sign: str) -> str:
    year = _year_sql(f"{row}.date_joined", "sqlite")
    org = f"coalesce({row}.organisation_id, {NO_ORGANISATION_ID})"
    return f"""
  INSERT INTO {MEMBER_TABLE} (year, organisation_id, gender, n)
    SELECT {year}, {org}, {row}.gender, {sign}1 WHERE {_counted(row)}
    ON CONFLICT (year, organisation_id, gender) DO UPDATE SET n = n {sign} 1;
  DELETE FROM {MEMBER_TABLE} WHERE year = {year} AND organisation_id = {org} AND gender = {row}.gender AND n = 0;
"""


def sqlite_member_install() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in MEMBER_COLUMNS)
    return [
        f"CREATE TRIGGER insights_member_added AFTER INSERT ON {PEOPLE} WHEN {_counted('NEW')} BEGIN"
        f"{_sqlite_member_step('NEW', '+')}END;",
        f"CREATE TRIGGER insights_member_removed AFTER DELETE ON {PEOPLE} WHEN {_counted('OLD')} BEGIN"
        f"{_sqlite_member_step('OLD', '-')}END;",
        f"CREATE TRIGGER insights_member_changed AFTER UPDATE ON {PEOPLE} "
        f"WHEN ({_counted('OLD')} OR {_counted('NEW')}) AND ({changed}) BEGIN"
        f"{_sqlite_member_step('OLD', '-')}{_sqlite_member_step('NEW', '+')}END;",
    ]


def member_rebuild_sql(vendor: str) -> list[str]:
    year = _year_sql("u.date_joined", vendor)
    return [
        f"DELETE FROM {MEMBER_TABLE}",
        f"INSERT INTO {MEMBER_TABLE} (year, organisation_id, gender, n) "
        f"SELECT {year}, coalesce(u.organisation_id, {NO_ORGANISATION_ID}), u.gender, count(*) "
        f"FROM {PEOPLE} u WHERE {_counted('u')} GROUP BY 1, 2, 3",
    ]
