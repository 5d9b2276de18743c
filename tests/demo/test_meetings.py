import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.models import Attendance, ConventionReport, Meeting, Registration, SiteVisit, SiteVisitOutcome

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(m.objects.count() for m in (Meeting, Registration, Attendance, SiteVisit, ConventionReport))


def test_seed_demo_meetings_is_idempotent():
    counts = _counts()
    call_command("seed_demo")
    assert _counts() == counts


def test_seed_demo_has_two_years_of_monthly_meetings_with_attendance():
    now = timezone.now()
    past = Meeting.objects.filter(
        starts_at__lt=now, format__in=["training", "expert_discussion", "gender_audit", "public_panel"]
    )
    assert past.count() >= 24
    assert all(m.attendances.exists() for m in past)
    upcoming = Meeting.objects.filter(starts_at__gt=now, status=Meeting.Status.PUBLISHED)
    assert upcoming.filter(format=Meeting.Format.TRAINING).exists()


def test_seed_demo_has_the_2019_convention_and_the_two_visits():
    convention = Meeting.objects.get(format=Meeting.Format.CONVENTION, starts_at__year=2019)
    assert convention.province == "dundgovi"
    assert convention.progress_reports.count() == 10
    seedlings = SiteVisitOutcome.objects.get(label_en="Tree seedlings donated")
    assert seedlings.quantity == 220 and seedlings.visit.meeting.province == "dundgovi"
    assert SiteVisit.objects.filter(meeting__province="dornod", place__contains="цэцэрлэг").exists()
