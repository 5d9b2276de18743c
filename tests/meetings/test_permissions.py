"""The rules of meetings.permissions (asked by the views, the admin and the services alike)."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from meetings import permissions

pytestmark = pytest.mark.django_db


def test_the_organiser_and_coordinators_manage_a_meeting(meeting, member, applicant, coordinator):
    meeting.organiser = member
    assert permissions.user_can_manage_meeting(member, meeting)
    assert permissions.user_can_manage_meeting(coordinator, meeting)
    assert not permissions.user_can_manage_meeting(applicant, meeting)
    assert not permissions.user_can_manage_meeting(AnonymousUser(), meeting)
    assert not permissions.user_can_manage_meeting(None, meeting)


def test_only_coordinators_run_meetings(member, coordinator):
    assert permissions.user_can_coordinate_meetings(coordinator)
    assert not permissions.user_can_coordinate_meetings(member)
    assert not permissions.user_can_coordinate_meetings(None)


def test_a_registration_is_cancelled_by_its_owner_or_a_coordinator(member, applicant, coordinator):
    registration = SimpleNamespace(user_id=member.pk)
    assert permissions.user_can_cancel_registration(member, registration)
    assert permissions.user_can_cancel_registration(coordinator, registration)
    assert not permissions.user_can_cancel_registration(applicant, registration)
    assert not permissions.user_can_cancel_registration(None, registration)


def test_members_only_material_is_for_members(member, applicant):
    material = SimpleNamespace(members_only=True)
    assert permissions.user_can_see_material(member, material)
    assert not permissions.user_can_see_material(applicant, material)
    assert permissions.user_can_see_material(AnonymousUser(), SimpleNamespace(members_only=False))


def test_progress_reports_are_for_organisation_contacts(member):
    assert not permissions.user_can_report_progress(member)
    member.is_organisation_contact = True
    assert permissions.user_can_report_progress(member)
