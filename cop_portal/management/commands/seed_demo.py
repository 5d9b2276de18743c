"""Load the demo community (idempotent): ``manage.py seed_demo [--if-empty]``."""

from django.core.management.base import BaseCommand

from members import demo as members_demo
from members.models import Organisation


class Command(BaseCommand):
    help = "Create the demo community of the MERIT article. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when organisations already exist."
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Organisation.objects.exists():
            self.stdout.write("Demo data: database not empty, nothing loaded.")
            return
        # Each app seeds its own objects, in dependency order.
        seeders = [members_demo.seed]
        for extra in ("meetings.demo", "coordinators.demo"):
            try:
                module = __import__(extra, fromlist=["seed"])
            except ModuleNotFoundError:
                continue
            seeders.append(module.seed)
        context: dict = {}
        for seed in seeders:
            context.update(seed(context=context) or {})
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(
            f"  {members_demo.COORDINATOR_EMAIL} / {members_demo.DEMO_PASSWORD}\n"
            f"  {members_demo.MEMBER_EMAIL} / {members_demo.DEMO_PASSWORD}\n"
            f"  {members_demo.CONTACT_EMAIL} / {members_demo.DEMO_PASSWORD} (organisation contact)\n"
            f"  {members_demo.FOCAL_EMAIL} / {members_demo.DEMO_PASSWORD} (branch focal person)"
        )
