"""Backups and their restore, proven: the drill restores into a fresh database and compares.

The drill runs ``manage.py restore`` in another process against a new database (PostgreSQL:
a database created for the test; SQLite: a new file), then compares every table's row count
with the database the backup was made from and signs a demo member in there.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from cop_portal.backups import DAMAGED, WRONG_KEY, archive, backup_create, backup_open, backup_prune, database
from cop_portal.tasks import backup_scheduled
from tests.conftest import is_postgres
from tests.worker import database_url

pytestmark = pytest.mark.serial  # pg_dump, pg_restore and manage.py run as processes

KEY = "test-backup-key-0123456789abcdefghijklmnopqrstuvwxyz"
OTHER_KEY = "another-backup-key-0123456789abcdefghijklmnopqrstu"
DEMO_PASSWORD = "demo-pass-2026"


@pytest.fixture
def backup_key(settings):
    settings.COP_BACKUP_KEY = KEY
    settings.COP_BACKUP_PREVIOUS_KEYS = []
    return KEY


def _manage(*args, env: dict, check=True):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", **env},
        capture_output=True,
        text=True,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def fresh_database(tmp_path):
    """A DATABASE_URL of a database that does not hold a single table."""
    if not is_postgres():
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    import psycopg2

    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    source = database_url()
    admin = psycopg2.connect(source.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield source.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


# Counts first: the sign-in itself writes a session row.
SIGN_IN = """
import json
from django.test import Client
from cop_portal.backups import database
print("COUNTS " + json.dumps(database.table_counts()))
client = Client()
response = client.post(
    "/accounts/login/", {"login": "member@example.mn", "password": PASSWORD}, secure=True, HTTP_HOST="localhost"
)
print("SIGNED-IN" if "_auth_user_id" in client.session else f"REFUSED {response.status_code}")
""".replace("PASSWORD", repr(DEMO_PASSWORD))


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_with_every_row_and_a_working_sign_in(
    backup_key, fresh_database, tmp_path
):
    call_command("seed_demo", stdout=io.StringIO())
    upload = Path(settings.MEDIA_ROOT) / "materials" / "a1b2" / "minutes.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 minutes of the March meeting")
    before = database.table_counts()
    assert before["members_user"] > 10 and before["meetings_meeting"] > 10

    result = backup_create(output=tmp_path / "drill.copbackup")
    assert result.manifest["tables"] == before
    assert result.manifest["media"] == {"materials/a1b2/minutes.pdf": archive._sha256(upload)}

    env = {
        "DATABASE_URL": fresh_database,
        "COP_BACKUP_KEY": KEY,
        "DJANGO_MEDIA_ROOT": str(tmp_path / "restored-media"),
    }
    restored = _manage("restore", str(result.path), env=env)
    assert "match the manifest" in restored.stdout
    checked = _manage("shell", "-c", SIGN_IN, env=env)

    assert "SIGNED-IN" in checked.stdout, checked.stdout + checked.stderr

    after = json.loads(checked.stdout.split("COUNTS ", 1)[1].splitlines()[0])
    assert {t: after.get(t) for t in before} == before
    assert (tmp_path / "restored-media" / "materials/a1b2/minutes.pdf").read_bytes() == upload.read_bytes()


@pytest.fixture
def backup_file(backup_key, member, tmp_path):
    return backup_create(output=tmp_path / "one.copbackup").path


def _flip_byte(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_restore_refuses_a_tampered_file_and_leaves_the_database_alone(backup_file, where):
    size = backup_file.stat().st_size
    _flip_byte(backup_file, {"start": 60, "middle": size // 2, "end": size - 3}[where])
    before = database.table_counts()

    with pytest.raises(CommandError, match="damaged or has been altered"):
        call_command("restore", str(backup_file), force=True)
    assert database.table_counts() == before


@pytest.mark.django_db
def test_restore_refuses_a_cut_short_file(backup_file):
    backup_file.write_bytes(backup_file.read_bytes()[: backup_file.stat().st_size // 2])
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup_file), force=True)
    assert str(refused.value) == DAMAGED


@pytest.mark.django_db
def test_restore_refuses_a_file_made_with_another_key(backup_file, settings):
    settings.COP_BACKUP_KEY = OTHER_KEY
    before = database.table_counts()
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup_file), force=True)
    assert str(refused.value) == WRONG_KEY
    assert database.table_counts() == before


@pytest.mark.django_db
def test_a_backup_made_before_a_key_rotation_opens_with_the_previous_key(backup_file, settings, tmp_path):
    settings.COP_BACKUP_KEY = OTHER_KEY
    settings.COP_BACKUP_PREVIOUS_KEYS = [KEY]
    manifest = backup_open(backup_file, tmp_path / "open")
    assert "members_user" in manifest["tables"]
    assert manifest["database"]["vendor"] == connection.vendor


@pytest.mark.django_db
def test_restore_refuses_a_database_that_holds_data(backup_file):
    with pytest.raises(CommandError, match="already holds data"):
        call_command("restore", str(backup_file))


@pytest.mark.django_db
def test_backup_refuses_to_run_without_a_key(settings, tmp_path):
    settings.COP_BACKUP_KEY = ""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="COP_BACKUP_KEY is not set"):
        call_command("backup", output=tmp_path / "x.copbackup")
    assert not list(tmp_path.iterdir())


def test_a_file_that_is_no_backup_is_named_as_such(backup_key, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(CommandError, match="not a backup file"):
        call_command("restore", str(path))


@pytest.mark.django_db
def test_scheduled_backup_writes_one_file_and_keeps_the_newest(backup_key, settings, tmp_path):
    settings.COP_BACKUP_DIR = tmp_path
    settings.COP_BACKUP_KEEP = 2
    for stamp in ("20200101T000000Z", "20200102T000000Z"):
        (tmp_path / f"cop-backup-{stamp}.copbackup").write_bytes(b"old")
    (tmp_path / "someone-elses-file.copbackup").write_bytes(b"not ours")

    written = Path(backup_scheduled())

    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(
        [written.name, "cop-backup-20200102T000000Z.copbackup", "someone-elses-file.copbackup"]
    )


def test_prune_keeps_at_least_one_backup(tmp_path):
    (tmp_path / "cop-backup-20200101T000000Z.copbackup").write_bytes(b"x")
    assert backup_prune(directory=tmp_path, keep=0) == []


@pytest.mark.django_db(transaction=True)
def test_restore_with_force_replaces_a_database_in_use_and_keeps_the_old_media_aside(backup_key, tmp_path):
    from members.models import User
    from tests.factories import UserFactory

    kept = UserFactory(email="kept@example.mn")
    media = Path(settings.MEDIA_ROOT)
    (media / "materials").mkdir(parents=True)
    (media / "materials" / "agenda.pdf").write_bytes(b"%PDF agenda")
    path = backup_create(output=tmp_path / "before.copbackup").path
    UserFactory(email="later@example.mn")
    (media / "materials" / "later.pdf").write_bytes(b"%PDF later")

    call_command("restore", str(path), force=True, stdout=io.StringIO())

    assert set(User.objects.values_list("email", flat=True)) >= {kept.email}
    assert not User.objects.filter(email="later@example.mn").exists()
    assert sorted(p.name for p in (media / "materials").iterdir()) == ["agenda.pdf"]
    aside = [p for p in media.parent.iterdir() if p.name.startswith(f"{media.name}.before-restore-")]
    assert len(aside) == 1 and (aside[0] / "materials" / "later.pdf").is_file()
