"""Twenty simultaneous ballots by one member for one seat: exactly one counts, no 5xx."""

import threading

import pytest
from django.db import connection
from django.test import Client

from coordinators.models import Election, Participation, SealedBallot
from tests.factories import NominationFactory, election_with_seats

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def test_twenty_concurrent_ballots_by_one_member_give_one_ballot(member):
    election, central, _local = election_with_seats(phase=Election.Phase.VOTING)
    Election.objects.filter(pk=election.pk).update(
        nominations_open_at=election.nominations_open_at.replace(year=election.nominations_open_at.year - 1),
        nominations_close_at=election.nominations_open_at.replace(year=election.nominations_open_at.year - 1),
        voting_open_at=election.nominations_open_at.replace(year=election.nominations_open_at.year - 1),
    )
    choices = NominationFactory.create_batch(2, seat=central)
    url = f"/elections/{election.year}/seats/{central.pk}/vote/"
    barrier = threading.Barrier(20)
    statuses: list[int] = []
    lock = threading.Lock()

    def vote(i: int):
        try:
            client = Client()
            client.force_login(member)
            barrier.wait(timeout=30)
            response = client.post(url, {"choice": str(choices[i % 2].pk), "confirm": "yes"})
            with lock:
                statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(statuses) == 20
    assert all(s < 500 for s in statuses), statuses
    # The one ballot cast answers with its receipt page (200); the others are refused (409).
    assert statuses.count(200) == 1 and statuses.count(409) == 19, statuses
    assert Participation.objects.filter(seat=central, member=member).count() == 1
    assert SealedBallot.objects.filter(seat=central).count() == 1


def test_overlapping_reminder_runs_send_each_reminder_once(member, monkeypatch):
    import datetime as dt

    from coordinators import services
    from notices.models import Delivery

    monkeypatch.setattr("notices.services.queueing._kick_sender", lambda: None)
    election, _central, _local = election_with_seats(phase=Election.Phase.VOTING)
    now = election.voting_close_at - dt.timedelta(hours=24)
    barrier = threading.Barrier(5)

    def run():
        try:
            barrier.wait(timeout=30)
            services.voting_reminders_send_due(now=now)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    reminded = list(Delivery.objects.filter(kind="voting_reminder").values_list("user_id", flat=True))
    assert sorted(reminded) == sorted(set(reminded)) and member.pk in reminded
