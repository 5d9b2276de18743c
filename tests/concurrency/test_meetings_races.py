"""Races on registrations, on PostgreSQL with real threads (skipped on SQLite)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from meetings import services
from meetings.models import Registration
from members.models import User
from notices.models import Delivery
from tests.factories import MeetingFactory, OrganisationFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def _members(n, prefix):
    org = OrganisationFactory()
    return User.objects.bulk_create(
        User(
            organisation=org,
            email=f"{prefix}{i}@example.mn",
            full_name=f"{prefix} {i}",
            status=User.Status.APPROVED,
            calendar_token=f"{prefix}-tok-{i}",
        )
        for i in range(n)
    )


def _run_together(targets):
    """Start all callables at the same instant; return their results (or exceptions)."""
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def run(i, fn):
        try:
            barrier.wait()
            results[i] = fn()
        except Exception as exc:  # noqa: BLE001 - reported by the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(targets)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def _logged_in_client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("round_", range(3))
def test_fifty_concurrent_registrations_for_the_last_seat(round_):
    meeting = MeetingFactory(capacity=5)
    Registration.objects.bulk_create(
        Registration(meeting=meeting, user=u) for u in _members(4, f"seated{round_}-")
    )
    racers = _members(50, f"racer{round_}-")
    clients = [_logged_in_client(u) for u in racers]
    url = f"/meetings/{meeting.pk}/register/"
    responses = _run_together([lambda c=c: c.post(url) for c in clients])
    assert all(not isinstance(r, Exception) for r in responses), responses
    assert {r.status_code for r in responses} == {302}
    mine = Registration.objects.filter(meeting=meeting, user__in=racers)
    assert mine.filter(status=Registration.Status.CONFIRMED).count() == 1
    assert mine.filter(status=Registration.Status.WAITLISTED).count() == 49
    assert Registration.objects.filter(meeting=meeting, status=Registration.Status.CONFIRMED).count() == 5


def test_two_concurrent_cancellations_promote_two_in_order():
    meeting = MeetingFactory(capacity=2)
    seated = _members(2, "seated-")
    waiting = _members(3, "waiting-")
    for user in [*seated, *waiting]:
        services.rsvp_create(meeting=meeting, user=user, actor=user)
    registrations = [Registration.objects.get(meeting=meeting, user=u) for u in seated]
    results = _run_together(
        [lambda r=r: services.rsvp_cancel(registration=r, actor=r.user) for r in registrations]
    )
    assert all(not isinstance(r, Exception) for r in results), results
    statuses = [Registration.objects.get(meeting=meeting, user=u).status for u in waiting]
    assert statuses == [
        Registration.Status.CONFIRMED,
        Registration.Status.CONFIRMED,
        Registration.Status.WAITLISTED,
    ]
    assert sorted(len(r) for r in results) == [1, 1]
    # Each promoted member is told exactly once; the one still waiting is not told.
    told = Delivery.objects.filter(meeting=meeting, kind="meeting_promoted").values_list("user_id", flat=True)
    assert sorted(told) == sorted(u.pk for u in waiting[:2])


def test_concurrent_double_submit_gives_one_registration():
    meeting = MeetingFactory(capacity=10)
    (user,) = _members(1, "double-")
    clients = [_logged_in_client(user) for _ in range(8)]
    url = f"/meetings/{meeting.pk}/register/"
    responses = _run_together([lambda c=c: c.post(url) for c in clients])
    assert {getattr(r, "status_code", r) for r in responses} == {302}
    assert Registration.objects.filter(meeting=meeting, user=user).count() == 1
