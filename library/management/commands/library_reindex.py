"""Bring the library's search index up to date with the other apps (what changed), or
rewrite all of it with --full."""

from django.core.management.base import BaseCommand

from library.services import index_refresh


class Command(BaseCommand):
    help = "Refresh the library's search index from visits, materials, minutes, conventions and proposals."

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="rewrite every entry")

    def handle(self, *args, full=False, **options):
        for source, (written, removed) in index_refresh(full=full).items():
            self.stdout.write(f"{source}: {written} written, {removed} removed")
