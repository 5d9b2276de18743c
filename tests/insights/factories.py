"""Factories for the insights tests: meetings, attendance and site visits made here, so the
tests do not depend on the meetings app's demo data or factories."""

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from meetings.models import Attendance, Meeting, SiteVisit, SiteVisitOutcome
from members.models import Community, Province
from tests.members.factories import CommunityFactory, OrganisationFactory

UB = ZoneInfo("Asia/Ulaanbaatar")


def ub(year, month, day, hour=10, minute=0) -> dt.datetime:
    """An aware datetime in Ulaanbaatar time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=UB)


class RootCommunityFactory(CommunityFactory):
    class Meta:
        model = Community
        django_get_or_create = ("slug",)

    slug = "gender-cop"
    name_mn = "Жендэрийн харилцан суралцах бүлэг"
    name_en = "Gender CoP"
    parent = None
    host_organisation = None


class BranchFactory(CommunityFactory):
    parent = factory.SubFactory(RootCommunityFactory)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title_mn = factory.Sequence(lambda n: f"Уулзалт {n}")
    format = Meeting.Format.EXPERT_DISCUSSION
    community = factory.SubFactory(RootCommunityFactory)
    starts_at = factory.LazyFunction(lambda: ub(2026, 3, 10))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + dt.timedelta(hours=2))
    province = Province.ULAANBAATAR
    status = Meeting.Status.PUBLISHED


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    full_name = factory.Sequence(lambda n: f"Оролцогч {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    gender = "woman"


class SiteVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteVisit

    meeting = factory.SubFactory(MeetingFactory, format=Meeting.Format.SITE_VISIT)
    place = "Сум"


class SiteVisitOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteVisitOutcome

    visit = factory.SubFactory(SiteVisitFactory)
    label_mn = "Суулгац мод"
    label_en = "Tree seedlings"
    quantity = 100
    unit = "ш"


def add_attendance(meeting, organisation, gender: str, count: int) -> list[Attendance]:
    """``count`` walk-in attendance records in one INSERT."""
    return Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            organisation=organisation,
            gender=gender,
            full_name=f"Оролцогч {meeting.pk}-{gender or 'x'}-{i}",
            is_walk_in=True,
        )
        for i in range(count)
    )
