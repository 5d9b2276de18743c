"""Queue a test e-mail in the outbox: ``manage.py send_test_email EMAIL``."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notices.services import notify


class Command(BaseCommand):
    help = "Queue a test e-mail to a user; the worker sends it (var/mail/ by default)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--note", default="")

    def handle(self, *args, email, note, **options):
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with e-mail {email}.")
        notify(
            "test_message",
            recipients=[user.pk],
            key=f"test@{timezone.now().isoformat()}",
            context={"note": note},
        )
        self.stdout.write(self.style.SUCCESS(f"Queued a test e-mail to {user.email}."))
