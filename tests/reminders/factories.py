"""Factories for the reminders' tests: a published meeting in a few days, a confirmed seat."""

from datetime import timedelta

import factory
from django.utils import timezone

from meetings.models import Meeting, Registration
from members.models import Community
from tests.members.factories import CommunityFactory, UserFactory


def _root_community():
    return Community.objects.filter(parent__isnull=True).first() or CommunityFactory()


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title_mn = factory.Sequence(lambda n: f"Хурал {n}")
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    community = factory.LazyFunction(_root_community)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=2))
    venue = "Засгийн газрын II байр, 305 тоот"
    status = Meeting.Status.PUBLISHED
    organiser = factory.SubFactory(UserFactory)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.CONFIRMED
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=30))
