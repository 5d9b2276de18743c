"""``manage.py insights_tallies``: recount the attendance tallies from the raw rows, or compare."""

import time

from django.core.management.base import BaseCommand, CommandError

from insights import tallies


class Command(BaseCommand):
    help = (
        "Attendance tallies of the insights: --rebuild recounts them from the attendance rows "
        "(after a bulk load without triggers); --check compares them with the rows (exit 1 if they differ)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="recount every tally from the raw rows")
        parser.add_argument("--check", action="store_true", help="compare the tallies with the raw rows")
        parser.add_argument(
            "--install-triggers", action="store_true", help="(re)create the triggers that keep the tallies"
        )

    def handle(self, *args, rebuild=False, check=False, install_triggers=False, **options):
        if not (rebuild or check or install_triggers):
            raise CommandError("Say what to do: --rebuild, --check or --install-triggers.")
        if install_triggers:
            tallies.install_triggers()
            self.stdout.write("triggers installed")
        if rebuild:
            t0 = time.perf_counter()
            tallies.tallies_rebuild()
            self.stdout.write(f"tallies rebuilt in {time.perf_counter() - t0:.1f} s")
        if check:
            differences = tallies.tallies_differences()
            for name, (extra, missing) in differences.items():
                self.stdout.write(f"{name}: {len(extra)} rows stored but not counted, {len(missing)} missing")
            if differences:
                raise CommandError("The tallies differ from the attendance rows: run --rebuild.")
            self.stdout.write("tallies match the attendance rows")
