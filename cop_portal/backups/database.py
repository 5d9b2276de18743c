"""The database half of a backup: a consistent copy with its row counts, and putting it back.

PostgreSQL: ``pg_dump --format=custom`` from an exported snapshot, so the counts in the
manifest describe exactly the rows in the dump even while the site is being written to;
``pg_restore`` in one transaction. SQLite (``make run``): the online backup API, counted
from the copy.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections

from .crypto import BackupError

# Rows ``migrate`` itself writes into an empty database: they do not make it "in use".
FRAMEWORK_TABLES = frozenset({"django_migrations", "django_content_type", "auth_permission", "django_site"})


def vendor(alias: str = "default") -> str:
    return connections[alias].vendor


def _pg_env(settings_dict: dict) -> tuple[list[str], dict]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client).")
    return path


def _count_tables(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def table_counts(alias: str = "default") -> dict[str, int]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return _count_tables(cursor, tables, connection.ops.quote_name)


def applied_migrations(alias: str = "default") -> dict[str, list[str]]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        rows = cursor.fetchall()
    out: dict[str, list[str]] = {}
    for app, name in rows:
        out.setdefault(app, []).append(name)
    return out


def is_in_use(alias: str = "default") -> bool:
    """True when any table beyond what ``migrate`` fills by itself holds a row."""
    return any(n for table, n in table_counts(alias).items() if table not in FRAMEWORK_TABLES)


def dump(target: Path, alias: str = "default") -> tuple[dict[str, int], dict[str, list[str]]]:
    """Write the database to ``target``; return its per-table counts and applied migrations."""
    connection = connections[alias]
    if connection.vendor == "postgresql":
        return _dump_postgresql(target, connection)
    if connection.vendor == "sqlite":
        return _dump_sqlite(target, connection)
    raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")


def _dump_postgresql(target: Path, connection):
    # A second connection holds a REPEATABLE READ snapshot that pg_dump shares; the counts read
    # in it are the rows the dump holds, whatever the site writes meanwhile.
    import psycopg2

    sd = connection.settings_dict
    conn = psycopg2.connect(
        dbname=sd["NAME"], user=sd.get("USER") or None, password=sd.get("PASSWORD") or None,
        host=sd.get("HOST") or None, port=sd.get("PORT") or None,
    )  # fmt: skip
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            )
            tables = [row[0] for row in cursor.fetchall()]
            counts = _count_tables(cursor, tables, connection.ops.quote_name)
            cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
            migrations: dict[str, list[str]] = {}
            for app, name in cursor.fetchall():
                migrations.setdefault(app, []).append(name)
            args, env = _pg_env(sd)
            result = subprocess.run(
                [_tool("pg_dump"), *args, "--format=custom", "--no-owner", "--no-privileges",
                 f"--snapshot={snapshot}", f"--file={target}", sd["NAME"]],
                env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
        if result.returncode:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    finally:
        conn.close()
    return counts, migrations


def _dump_sqlite(target: Path, connection):
    source = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
            cursor = copy.cursor()
            tables = [
                row[0]
                for row in cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            counts = _count_tables(cursor, tables, connection.ops.quote_name)
            migrations: dict[str, list[str]] = {}
            for app, name in cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name"):
                migrations.setdefault(app, []).append(name)
        finally:
            copy.close()
    finally:
        source.close()
    return counts, migrations


def load(source: Path, db_vendor: str, alias: str = "default") -> None:
    """Replace the database's contents with the dump at ``source``."""
    connection = connections[alias]
    if connection.vendor != db_vendor:
        raise BackupError(
            f"This backup holds a {db_vendor} database; the portal is configured for {connection.vendor}."
        )
    if db_vendor == "postgresql":
        _load_postgresql(source, connection)
    else:
        _load_sqlite(source, connection)


def _load_postgresql(source: Path, connection):
    # Everything goes, including tables of newer migrations the backup does not know.
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()
    sd = connection.settings_dict
    args, env = _pg_env(sd)
    result = subprocess.run(
        [_tool("pg_restore"), *args, "--no-owner", "--no-privileges", "--exit-on-error",
         "--single-transaction", f"--dbname={sd['NAME']}", str(source)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")


def _load_sqlite(source: Path, connection):
    connection.close()
    copy = sqlite3.connect(source)
    try:
        target = sqlite3.connect(connection.settings_dict["NAME"])
        try:
            copy.backup(target)
        finally:
            target.close()
    finally:
        copy.close()
