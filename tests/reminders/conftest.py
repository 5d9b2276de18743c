"""Fixtures of the reminders' tests: meetings due for a reminder, and helpers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.reminders.factories import MeetingFactory, RegistrationFactory


@pytest.fixture
def due_meeting(db):
    """A published meeting starting in 20 hours: its 1-day reminder is due."""
    return MeetingFactory(starts_at=timezone.now() + timedelta(hours=20))


@pytest.fixture
def registrations(due_meeting):
    return RegistrationFactory.create_batch(3, meeting=due_meeting)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
