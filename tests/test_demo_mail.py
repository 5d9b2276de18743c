"""The demo is true on the day it is loaded: starting from an empty database, seeding it and
running the periodic scans once sends no e-mail that calls a past phase open."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

pytestmark = pytest.mark.django_db

DATE = re.compile(r"(20\d\d)-(\d\d)-(\d\d)")
OPEN_WORDS = ("open", "нээлттэй", "until", "хүртэл")


def test_a_fresh_demo_mails_nothing_about_the_past_as_open(
    mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    from coordinators.models import Election
    from coordinators.services import elections_advance_due, voting_reminders_send_due

    assert not Election.objects.exists()  # an empty database
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        elections_advance_due()
        voting_reminders_send_due()
    today = timezone.localdate()
    stale = []
    for message in mailoutbox:
        text = f"{message.subject}\n{message.body}".lower()
        if not any(word in text for word in OPEN_WORDS):
            continue
        past = [d for d in DATE.findall(text) if dt.date(*map(int, d)) < today]
        if past:
            stale.append((message.subject, past))
    assert stale == []
    # The demo's last election really went through voting (the guard above is not vacuous).
    last = Election.objects.get(year=today.year - 1)
    assert last.phase_at_least(Election.Phase.VOTING_CLOSED)
