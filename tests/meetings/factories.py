"""Factories of the meetings app whose defaults make a valid, published, upcoming meeting."""

import datetime as dt

import factory
from django.utils import timezone

from meetings.models import Attendance, Meeting, Registration, SiteVisit, SiteVisitOutcome
from members.models import Community
from tests.members.factories import CommunityFactory, OrganisationFactory, UserFactory


def root_community():
    return Community.objects.filter(parent=None).first() or CommunityFactory(parent=None)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title_mn = factory.Sequence(lambda n: f"Уулзалт {n}")
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    format = Meeting.Format.TRAINING
    community = factory.LazyFunction(root_community)
    host_organisation = factory.SubFactory(OrganisationFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    mode = Meeting.Mode.HYBRID
    venue = "Засгийн газрын II байр, 301 тоот"
    province = "ulaanbaatar"
    online_url = "https://meet.example.mn/cop"
    status = Meeting.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class PastMeetingFactory(MeetingFactory):
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=7))


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(PastMeetingFactory)
    user = factory.SubFactory(UserFactory)
    full_name = factory.LazyAttribute(lambda o: o.user.full_name if o.user else "Зочин")
    organisation = factory.LazyAttribute(lambda o: o.user.organisation if o.user else None)
    gender = "woman"


class SiteVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteVisit

    meeting = factory.SubFactory(PastMeetingFactory, format=Meeting.Format.SITE_VISIT)
    place = "Сайнцагаан сум"
    purpose_mn = "Сайн туршлага судлах"


class SiteVisitOutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteVisitOutcome

    visit = factory.SubFactory(SiteVisitFactory)
    label_mn = "Мод тарих суулгац"
    label_en = "Tree seedlings donated"
    quantity = 220
