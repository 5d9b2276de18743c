"""Gender audits under simultaneous requests (PostgreSQL, real threads): one audit per
organisation and year, one correction of an accepted audit, one review decision."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from results import services
from results.models import Audit, Level
from tests.factories import ContactFactory, UserFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _framework():
    """Transactional tests empty the tables between tests, the seeded framework included."""
    from results import framework_data
    from results.models import Area, Framework, Indicator, Measure

    framework_data.load(Framework, Area, Indicator, Measure)


def _race(count, act):
    barrier = threading.Barrier(count, timeout=10)
    outcomes = []

    def run(n):
        try:
            barrier.wait()
            act(n)
            outcomes.append("ok")
        except (ValidationError, PermissionDenied) as exc:
            outcomes.append(exc.messages[0] if isinstance(exc, ValidationError) else "refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def _submitted(contact):
    audit = services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    ratings = {r.indicator_id: {"level": Level.MEETS} for r in audit.ratings.all()}
    services.audit_save(audit=audit, actor=contact, header={}, ratings=ratings, measures={})
    return services.audit_submit(audit=audit, actor=contact)


def _coordinator():
    from members.services import coordinator_group_sync

    user = UserFactory(is_staff=True)
    user.groups.add(coordinator_group_sync())
    return user


def test_simultaneous_starts_open_one_audit_for_the_year():
    contact = ContactFactory()
    outcomes = _race(
        5, lambda n: services.audit_create(organisation=contact.organisation, year=2025, actor=contact)
    )
    assert Audit.objects.filter(organisation=contact.organisation, year=2025).count() == 1
    assert outcomes == sorted(["ok"] + [str(services.ERROR_ALREADY_OPEN)] * 4)


def test_simultaneous_corrections_open_one_new_version():
    contact, coordinator = ContactFactory(), _coordinator()
    audit = services.audit_accept(audit=_submitted(contact), actor=coordinator)
    outcomes = _race(4, lambda n: services.audit_correct(audit=audit, actor=contact, reason=f"Залруулга {n}"))
    assert Audit.objects.filter(organisation=contact.organisation, year=2025, version=2).count() == 1
    assert outcomes.count("ok") == 1


def test_accept_and_return_at_once_leave_one_decision():
    contact, coordinator = ContactFactory(), _coordinator()
    audit = _submitted(contact)

    def decide(n):
        if n % 2:
            services.audit_accept(audit=audit, actor=coordinator)
        else:
            services.audit_return(audit=audit, actor=coordinator, notes="Баримт дутуу")

    outcomes = _race(4, decide)
    assert outcomes.count("ok") == 1 and outcomes.count("refused") == 3
    audit.refresh_from_db()
    assert audit.status in (Audit.Status.ACCEPTED, Audit.Status.RETURNED)
