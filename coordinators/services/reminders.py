"""The voting reminder: once per member and voting round, 48 hours before voting closes."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from cop_portal.tasks import email_send

from ..models import Election, Participation, ReminderDelivery
from ..selectors import voters_for_election


def voting_reminders_send_due(*, now: dt.datetime | None = None) -> int:
    """Queue a reminder to each voter who has not voted yet in the current round of an
    election closing within the window (a run-off round reminds again, for its seats only);
    the unique delivery row makes it exactly once even if runs overlap. Returns how many."""
    now = now or timezone.now()
    window = dt.timedelta(hours=settings.COP_ELECTION_REMINDER_HOURS)
    elections = Election.objects.filter(
        phase=Election.Phase.VOTING, voting_close_at__gt=now, voting_close_at__lte=now + window
    ).prefetch_related("seats")
    queued = 0
    for election in elections:
        close_at = timezone.localtime(election.voting_close_at).strftime("%Y-%m-%d %H:%M")
        seats = [s for s in election.seats.all() if s.round == election.round]
        reminded = ReminderDelivery.objects.filter(election=election, round=election.round)
        due = (
            voters_for_election(election, seats)
            .exclude(pk__in=Participation.objects.filter(seat__in=seats).values("member_id"))
            .exclude(pk__in=reminded.values("member_id"))
            .values_list("pk", flat=True)
        )
        for user_id in list(due):
            with transaction.atomic():
                _delivery, created = ReminderDelivery.objects.get_or_create(
                    election=election, round=election.round, member_id=user_id
                )
                if created:
                    email_send.delay_on_commit(
                        "coordinators/emails/voting_reminder",
                        user_id,
                        {
                            "year": election.year,
                            "close_at": close_at,
                            "url": f"{settings.SITE_URL}{election.get_absolute_url()}",
                        },
                        "election",
                    )
                    queued += 1
    return queued
