"""Attendance sheets of several meetings of one month saved at the same moment, each adding
rows and then removing some, for organisations in crossed orders: none fails (no deadlock on
the shared month tallies) and the tallies still equal the raw counts (PostgreSQL, threads); the
same for people moved between organisations (the member tallies)."""

from functools import partial

import pytest
from django.db import transaction

from meetings.models import Attendance
from members.models import User
from tests.concurrency.test_meetings_races import _run_together
from tests.factories import OrganisationFactory, PastMeetingFactory, UserFactory
from tests.insights.helpers import add_attendance, ub
from tests.insights.test_tallies import assert_exact

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def test_racing_sheets_of_one_month_keep_the_tallies_exact():
    orgs = [OrganisationFactory() for _ in range(4)]
    meetings = [PastMeetingFactory(starts_at=ub(2026, 5, 1 + i)) for i in range(4)]
    for meeting in meetings:
        add_attendance(meeting, orgs[0], "woman", 2)

    def sheet(i: int):
        order = orgs[i:] + orgs[:i]
        with transaction.atomic():
            for org in order:
                add_attendance(meetings[i], org, "man", 1)
            Attendance.objects.filter(meeting=meetings[i], organisation=order[-1], gender="man").delete()
            Attendance.objects.filter(meeting=meetings[i], gender="woman").first().delete()

    results = _run_together([partial(sheet, i) for i in range(len(meetings))])
    assert [r for r in results if isinstance(r, Exception)] == []
    assert Attendance.objects.count() == 4 * (2 + 4 - 1 - 1)
    assert_exact()


def test_people_moved_between_organisations_in_crossed_orders_keep_the_member_tallies_exact():
    """Each transaction moves one person from every organisation to the next, starting from a
    different one: without the member tallies' lock they would take the shared tally rows in
    crossed orders."""
    orgs = [OrganisationFactory() for _ in range(4)]
    people = [[UserFactory(organisation=org, gender="woman") for org in orgs] for _ in range(4)]

    def move(i: int):
        with transaction.atomic():
            for k in range(len(orgs)):
                j = (i + k) % len(orgs)
                User.objects.filter(pk=people[i][j].pk).update(organisation=orgs[(j + 1) % len(orgs)])

    results = _run_together([partial(move, i) for i in range(len(people))])
    assert [r for r in results if isinstance(r, Exception)] == []
    assert_exact()
