"""A branch meeting announced by the publication and by the scan at the same moment, and
by a retry: each follower still has exactly one announcement queued (PostgreSQL, real threads)."""

import threading

import pytest
from django.db import connection

from meetings.reminders import services as reminders
from meetings.reminders.services import queueing
from notices import services as outbox
from notices.models import Delivery
from tests.factories import CommunityFactory, MeetingFactory, RootCommunityFactory, UserFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def test_racing_announcements_queue_one_row_per_follower(monkeypatch):
    monkeypatch.setattr("notices.services.queueing._kick_sender", lambda: None)
    branch = CommunityFactory(parent=RootCommunityFactory())
    followers = UserFactory.create_batch(5)
    branch.members.add(*followers)
    meeting = MeetingFactory(community=branch)
    # Every thread reads "nobody has one yet" before any inserts: the unique key decides.
    barrier = threading.Barrier(4, timeout=10)
    original = queueing.recipients_without

    def missing_after_all_read(user_ids_qs, *, kind, key):
        missing = original(user_ids_qs, kind=kind, key=key)
        if kind != "branch_announcement":
            return missing
        ids = list(missing.values_list("user_id", flat=True))
        barrier.wait()
        return user_ids_qs.filter(user_id__in=ids)

    monkeypatch.setattr(queueing, "recipients_without", missing_after_all_read)
    errors = []

    def announce(via_scan: bool):
        try:
            if via_scan:
                outbox.deliveries_create_due()
            else:
                reminders.branch_announcement_enqueue(meeting_id=meeting.pk)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=announce, args=(i % 2 == 0,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    rows = Delivery.objects.filter(meeting=meeting, kind="branch_announcement")
    assert sorted(rows.values_list("user_id", flat=True)) == sorted(f.pk for f in followers)
