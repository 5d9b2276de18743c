"""manage.py seed_scale: the load-test data set, small here; idempotent; debug only."""

import pytest
from django.core.management import CommandError, call_command

from meetings.models import Attendance, Meeting, Registration
from members.models import Organisation, User

pytestmark = pytest.mark.django_db

SMALL = {
    "organisations": 12,
    "people": 300,
    "meetings": 60,
    "upcoming": 12,
    "registrations": 1200,
    "attendance": 600,
}


def _counts():
    return (
        Organisation.objects.filter(slug__startswith="scale-org-").count(),
        User.objects.filter(email__startswith="scale-").count(),
        Meeting.objects.count(),
        Registration.objects.count(),
        Attendance.objects.count(),
    )


def test_seed_scale_builds_the_data_set_once(settings):
    settings.DEBUG = True
    call_command("seed_scale", **SMALL)
    orgs, people, meetings, registrations, attendance = _counts()
    assert (orgs, people, meetings) == (12, 302, 60)
    assert 0.7 * 1200 < registrations < 1.3 * 1200
    assert 0.6 * 600 < attendance < 1.4 * 600
    upcoming = Meeting.objects.filter(starts_at__gt=Meeting.objects.order_by("-starts_at")[12].starts_at)
    assert upcoming.count() == 12
    # Most registrations are on past meetings; attendance only on past ones.
    past = Registration.objects.filter(meeting__in=Meeting.objects.exclude(pk__in=upcoming)).count()
    assert past > registrations / 2
    assert not Attendance.objects.filter(meeting__in=upcoming).exists()
    assert set(Meeting.objects.values_list("format", flat=True)) >= {"training", "site_visit"}
    assert User.objects.get(email="scale-member@example.mn").meeting_registrations.exists()

    call_command("seed_scale", **SMALL)  # a second run adds nothing
    assert _counts() == (orgs, people, meetings, registrations, attendance)


def test_seed_scale_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_scale", **SMALL)
    assert not Meeting.objects.exists()
