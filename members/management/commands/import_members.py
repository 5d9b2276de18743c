"""``manage.py import_members FILE.csv``: all rows or none; every bad row listed with its line."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members import services


class ProgressBar:
    """A text progress bar: ``[####------] done/total`` redrawn in place."""

    def __init__(self, stream, width: int = 30):
        self.stream = stream
        self.width = width

    def __call__(self, done: int, total: int) -> None:
        filled = self.width * done // max(total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import approved members from a UTF-8 CSV file with the columns "
        + ", ".join(services.IMPORT_HEADERS)
        + ". Nothing is imported when any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the CSV file, or - for standard input")

    def handle(self, *args, file, **options):
        if file == "-":
            data = sys.stdin.buffer.read()
        else:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"No such file: {file}")
            data = path.read_bytes()
        try:
            count = services.members_import(data=data, actor=None, progress=ProgressBar(self.stderr._out))
        except services.MembersImportError as exc:
            for error in exc.errors:
                self.stderr.write(f"line {error.line}: {error.message}")
            raise CommandError(f"{len(exc.errors)} error(s); nothing was imported.") from exc
        self.stdout.write(self.style.SUCCESS(f"{count} people imported."))
