import datetime as dt

import pytest

from coordinators import services, tasks
from members.models import COORDINATORS_GROUP
from members.services import coordinator_group_sync
from tests.factories import CoordinatorTermFactory, SeatFactory

pytestmark = pytest.mark.django_db


def _in_group(user) -> bool:
    return user.groups.filter(name=COORDINATORS_GROUP).exists()


@pytest.fixture
def term(member):
    seat = SeatFactory()
    return CoordinatorTermFactory(
        seat=seat, member=member, starts_on=dt.date(2027, 1, 1), ends_on=dt.date(2027, 12, 31)
    )


def test_term_start_grants_the_group_and_staff(term, member):
    result = services.coordinator_terms_sync(today=dt.date(2027, 1, 1))
    member.refresh_from_db()
    assert _in_group(member) and member.is_staff
    assert result == {"granted": 1, "revoked": 0}


def test_nothing_is_granted_before_the_term_starts(term, member):
    services.coordinator_terms_sync(today=dt.date(2026, 12, 31))
    member.refresh_from_db()
    assert not _in_group(member) and not member.is_staff


def test_term_end_revokes_the_group_and_staff(term, member):
    services.coordinator_terms_sync(today=dt.date(2027, 6, 1))
    result = services.coordinator_terms_sync(today=dt.date(2028, 1, 1))
    member.refresh_from_db()
    assert not _in_group(member) and not member.is_staff
    assert result == {"granted": 0, "revoked": 1}


def test_sync_is_idempotent(term, member):
    services.coordinator_terms_sync(today=dt.date(2027, 6, 1))
    assert services.coordinator_terms_sync(today=dt.date(2027, 6, 1)) == {"granted": 0, "revoked": 0}


def test_another_current_term_keeps_access(term, member):
    CoordinatorTermFactory(member=member, starts_on=dt.date(2028, 1, 1), ends_on=dt.date(2028, 12, 31))
    services.coordinator_terms_sync(today=dt.date(2028, 1, 1))
    member.refresh_from_db()
    assert _in_group(member) and member.is_staff


def test_superuser_keeps_staff_after_the_term(term, member):
    member.is_superuser = True
    member.is_staff = True
    member.save()
    services.coordinator_terms_sync(today=dt.date(2028, 1, 1))
    member.refresh_from_db()
    assert member.is_staff


def test_coordinators_without_any_term_are_left_alone(term, coordinator):
    services.coordinator_terms_sync(today=dt.date(2028, 1, 1))
    coordinator.refresh_from_db()
    assert _in_group(coordinator) and coordinator.is_staff


def test_task_grants_and_revokes_today(member):
    today = dt.date.today()
    CoordinatorTermFactory(member=member, starts_on=today - dt.timedelta(days=1), ends_on=today)
    tasks.coordinator_terms_sync.apply()
    member.refresh_from_db()
    assert _in_group(member) and member.is_staff
    member.coordinator_terms.update(ends_on=today - dt.timedelta(days=1))
    tasks.coordinator_terms_sync.apply()
    member.refresh_from_db()
    assert not _in_group(member) and not member.is_staff


def test_group_carries_the_admin_permissions(member, term):
    services.coordinator_terms_sync(today=dt.date(2027, 1, 1))
    group = coordinator_group_sync()
    assert group.permissions.filter(codename="change_election").exists()
    fresh = type(member).objects.get(pk=member.pk)
    assert fresh.has_perm("coordinators.change_election")
    assert not fresh.has_perm("coordinators.view_ballot")
