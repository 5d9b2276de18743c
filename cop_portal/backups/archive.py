"""One backup file: the database, the uploaded files and a manifest, encrypted together.

Inside the encryption is a tar stream: ``database.pgdump`` (or ``database.sqlite3``), the
media files under ``media/`` and ``manifest.json`` last, which names the portal and Django
versions, the applied migrations, every table's row count and the SHA-256 of every file.
A restore decrypts the whole file into a temporary folder first (so a damaged or wrongly
keyed file is refused before anything is touched), checks the manifest, then replaces the
database and the media, compares every table's count with the manifest and migrates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader

from cop_portal.version import portal_version

from . import database
from .crypto import BackupError, DecryptingReader, EncryptingWriter, choose_key, derive_key

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
SUFFIX = ".copbackup"
PREFIX = "cop-backup-"
DEV_BACKUP_KEY = "dev-only-backup-key-never-use-in-production"
NO_KEY = "COP_BACKUP_KEY is not set: backups are encrypted with a key kept outside the database."
IN_USE = (
    "The database already holds data: restoring would replace it. "
    "Run restore with --force to replace it (the current media folder is kept aside)."
)


def backup_secrets() -> list[str]:
    """The current key first, then earlier ones (for restoring backups made before a rotation)."""
    current = settings.COP_BACKUP_KEY or (DEV_BACKUP_KEY if settings.DEBUG else "")
    return [s for s in [current, *settings.COP_BACKUP_PREVIOUS_KEYS] if s]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path):
    if not root.is_dir():
        return
    for folder, _dirs, files in os.walk(root):
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


@dataclass
class BackupResult:
    path: Path
    manifest: dict


def backup_create(*, directory: Path | None = None, output: Path | None = None) -> BackupResult:
    """Write one encrypted backup file (atomically: a partial file never carries the final name)."""
    secrets_ = backup_secrets()
    if not secrets_:
        raise BackupError(NO_KEY)
    key = derive_key(secrets_[0])
    now = dt.datetime.now(dt.UTC)
    if output is None:
        directory = Path(directory or settings.COP_BACKUP_DIR)
        directory.mkdir(parents=True, exist_ok=True)
        output = directory / f"{PREFIX}{now:%Y%m%dT%H%M%SZ}{SUFFIX}"
    output = Path(output)
    db_vendor = database.vendor()
    db_member = "database.pgdump" if db_vendor == "postgresql" else "database.sqlite3"
    media_root = Path(settings.MEDIA_ROOT)
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="cop-backup-") as tmp:
        db_file = Path(tmp) / db_member
        counts, migrations = database.dump(db_file)
        manifest = {
            "format": 1,
            "portal_version": portal_version(),
            "django_version": django.get_version(),
            "created_at": now.isoformat(),
            "database": {"vendor": db_vendor, "file": db_member, "sha256": _sha256(db_file)},
            "migrations": migrations,
            "tables": counts,
            "media": {},
        }
        with open(partial, "wb") as raw:
            writer = EncryptingWriter(raw, key)
            with tarfile.open(fileobj=writer, mode="w|") as tar:
                tar.add(db_file, arcname=db_member)
                for path, rel in _media_files(media_root):
                    manifest["media"][rel] = _sha256(path)
                    tar.add(path, arcname=f"media/{rel}")
                data = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mtime = int(now.timestamp())
                tar.addfile(info, _BytesReader(data))
            writer.close()
            raw.flush()
            os.fsync(raw.fileno())
    os.chmod(partial, 0o600)
    os.replace(partial, output)
    log.info("backup written: %s (%d tables, %d media files)", output, len(counts), len(manifest["media"]))
    return BackupResult(output, manifest)


class _BytesReader:
    def __init__(self, data: bytes):
        self._data, self._pos = data, 0

    def read(self, size=-1):
        end = len(self._data) if size < 0 else self._pos + size
        out = self._data[self._pos : end]
        self._pos += len(out)
        return out


def backup_open(path: Path, into: Path) -> dict:
    """Decrypt and unpack ``path`` into the folder ``into``; verify it; return its manifest."""
    with open(path, "rb") as raw:
        key = choose_key(raw, backup_secrets())
        reader = DecryptingReader(raw, key)
        try:
            with tarfile.open(fileobj=reader, mode="r|") as tar:
                tar.extractall(into, filter="data")
        except tarfile.TarError as exc:
            raise BackupError(f"The backup's contents cannot be read: {exc}") from exc
        reader.drain()
    try:
        manifest = json.loads((into / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError("The backup has no readable manifest.") from exc
    db_file = into / manifest["database"]["file"]
    if not db_file.is_file() or _sha256(db_file) != manifest["database"]["sha256"]:
        raise BackupError("The database in the backup does not match the manifest's checksum.")
    for rel, digest in manifest["media"].items():
        file = into / "media" / rel
        if not file.is_file() or _sha256(file) != digest:
            raise BackupError(f"The media file {rel} does not match the manifest's checksum.")
    unknown = _unknown_migrations(manifest["migrations"])
    if unknown:
        raise BackupError(
            "This backup comes from a newer version of the portal (migrations this code does not have: "
            + ", ".join(unknown[:5])
            + "). Install that version or a later one, then restore."
        )
    return manifest


def _unknown_migrations(applied: dict[str, list[str]]) -> list[str]:
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in sorted(applied.items())
        for name in names
        if (app, name) not in on_disk
    ]


def backup_restore(path: Path, *, force: bool = False, stdout=None) -> dict:
    """Restore database and media from ``path``; refuses a database in use unless ``force``."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No such file: {path}")
    with tempfile.TemporaryDirectory(prefix="cop-restore-") as tmp:
        unpacked = Path(tmp)
        manifest = backup_open(path, unpacked)
        if database.is_in_use() and not force:
            raise BackupError(IN_USE)
        database.load(unpacked / manifest["database"]["file"], manifest["database"]["vendor"])
        counts = database.table_counts()
        wrong = sorted(t for t, n in manifest["tables"].items() if counts.get(t) != n)
        if wrong:
            raise BackupError(
                "After the restore these tables do not hold the rows the manifest lists: " + ", ".join(wrong)
            )
        _restore_media(unpacked / "media")
    call_command("migrate", interactive=False, verbosity=0, stdout=stdout)
    log.info("restored %s (made %s, %d tables)", path, manifest["created_at"], len(manifest["tables"]))
    return manifest


def _restore_media(source: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_dir() and any(media_root.iterdir()):
        aside = media_root.with_name(
            f"{media_root.name}.before-restore-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}"
        )
        media_root.rename(aside)
        log.warning("restore: the previous media folder is kept at %s", aside)
    media_root.mkdir(parents=True, exist_ok=True)
    if source.is_dir():
        shutil.copytree(source, media_root, dirs_exist_ok=True)


def backup_prune(*, directory: Path | None = None, keep: int | None = None) -> list[Path]:
    """Delete all but the ``keep`` newest backups the schedule wrote in ``directory``."""
    directory = Path(directory or settings.COP_BACKUP_DIR)
    keep = settings.COP_BACKUP_KEEP if keep is None else keep
    files = sorted(directory.glob(f"{PREFIX}*{SUFFIX}"), reverse=True)  # names sort by time
    removed = files[max(keep, 1) :]
    for file in removed:
        file.unlink(missing_ok=True)
    return removed
