"""A progress report that loses the race for its organisation's row is told so, in its own words."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from meetings import services
from meetings.models import ConventionReport, Meeting
from tests.factories import MeetingFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_convention_report_save_that_hits_the_unique_row_names_the_report(monkeypatch):
    convention = MeetingFactory(format=Meeting.Format.CONVENTION)
    contact = UserFactory(is_organisation_contact=True)

    def other_contact_saved_first(self, *args, **kwargs):
        raise IntegrityError("convention_report_one_per_org")

    monkeypatch.setattr(ConventionReport, "save", other_contact_saved_first)
    with pytest.raises(ValidationError, match=re.escape(str(services.ERROR_REPORT_DUPLICATE))):
        services.convention_report_save(convention=convention, actor=contact, submit=False)
    assert services.ERROR_REPORT_DUPLICATE != services.ERROR_DUPLICATE
