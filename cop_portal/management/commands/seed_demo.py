"""Load the demo community (idempotent): ``manage.py seed_demo [--if-empty] [--force]``."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cop_portal import pagecache
from members import demo as members_demo
from members.models import Organisation

# The demo accounts share a password printed in the README: never in production by accident.
REFUSED_WITHOUT_DEBUG = (
    "seed_demo creates accounts with a published password; it refuses to run with "
    "DJANGO_DEBUG off. Pass --force to load the demo into this database anyway."
)


class Command(BaseCommand):
    help = "Create the demo community of the MERIT article. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when organisations already exist."
        )
        parser.add_argument(
            "--force", action="store_true", help="Run even with DJANGO_DEBUG off (e.g. a staging demo)."
        )

    def handle(self, *args, if_empty=False, force=False, **options):
        if not settings.COP_DEMO_DATA_ALLOWED and not force:
            raise CommandError(REFUSED_WITHOUT_DEBUG)
        if if_empty and Organisation.objects.exists():
            self.stdout.write("Demo data: database not empty, nothing loaded.")
            return
        # Each app seeds its own objects, in dependency order.
        seeders = [members_demo.seed]
        for extra in (
            "meetings.demo",
            "branches.demo",
            "proposals.demo",
            "feedback.demo",
            "coordinators.demo",
            "results.demo",
            "library.demo",
        ):
            try:
                module = __import__(extra, fromlist=["seed"])
            except ModuleNotFoundError:
                continue
            seeders.append(module.seed)
        context: dict = {}
        for seed in seeders:
            context.update(seed(context=context) or {})
        pagecache.invalidate_all()  # the seeders write rows directly, not through the services
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write(
            f"  {members_demo.COORDINATOR_EMAIL} / {members_demo.DEMO_PASSWORD}\n"
            f"  {members_demo.MEMBER_EMAIL} / {members_demo.DEMO_PASSWORD}\n"
            f"  {members_demo.CONTACT_EMAIL} / {members_demo.DEMO_PASSWORD} (organisation contact)\n"
            f"  {members_demo.FOCAL_EMAIL} / {members_demo.DEMO_PASSWORD} (branch focal person)\n"
            f"  {members_demo.DUNDGOVI_FOCAL_EMAIL} / {members_demo.DEMO_PASSWORD} (Dundgovi branch focal person)"
        )
