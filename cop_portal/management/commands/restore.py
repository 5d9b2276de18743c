"""``manage.py restore FILE``: put a backup back, verified, then migrate (README, "Runbook")."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cop_portal.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore the database and media from a backup file, check it against its manifest, migrate."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--force", action="store_true", help="replace a database that already holds data")

    def handle(self, *args, file, force=False, **options):
        try:
            manifest = backup_restore(file, force=force, stdout=self.stdout)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored {file}: made {manifest['created_at']} by version {manifest['portal_version']}, "
            f"{len(manifest['tables'])} tables and {len(manifest['media'])} media files match the manifest"
        )
