"""``manage.py backup``: one encrypted file with the database, the uploaded files and a manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cop_portal.backups import BackupError, backup_create, backup_prune


class Command(BaseCommand):
    help = "Write an encrypted backup (database, media, manifest) into COP_BACKUP_DIR or --output."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="file to write instead of a dated one in COP_BACKUP_DIR"
        )
        parser.add_argument("--prune", action="store_true", help="then keep only the COP_BACKUP_KEEP newest")

    def handle(self, *args, output=None, prune=False, **options):
        try:
            result = backup_create(output=output)
            removed = backup_prune() if prune and output is None else []
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        manifest = result.manifest
        self.stdout.write(
            f"{result.path}: {len(manifest['tables'])} tables, "
            f"{sum(manifest['tables'].values())} rows, {len(manifest['media'])} media files"
        )
        for file in removed:
            self.stdout.write(f"removed {file}")
