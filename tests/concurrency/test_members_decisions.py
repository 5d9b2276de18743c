"""A contact approves while a coordinator declines the same application: one decision wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from members import services
from members.models import User
from members.services import coordinator_group_sync
from tests.factories import ApplicantFactory, ContactFactory, UserFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def test_simultaneous_approve_and_decline_leave_exactly_one_decision():
    contact = ContactFactory()
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(coordinator_group_sync())
    person = ApplicantFactory(organisation=contact.organisation)
    barrier = threading.Barrier(2, timeout=10)
    outcomes = []

    def decide(action):
        try:
            barrier.wait()
            action()
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=decide, args=(lambda: services.membership_approve(user=person, actor=contact),)
        ),
        threading.Thread(
            target=decide,
            args=(lambda: services.membership_decline(user=person, actor=coordinator, reason="Давхардсан"),),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcomes) == sorted(["ok", str(services.MEMBERSHIP_NOT_PENDING)])
    person.refresh_from_db()
    assert person.status in (User.Status.APPROVED, User.Status.DECLINED)
    assert (person.status == User.Status.DECLINED) == (person.decision_reason == "Давхардсан")
