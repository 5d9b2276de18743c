"""The back office: newest meetings first, 24-hour times, reminder offsets from a list, the portal's look."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from meetings.admin._offsets import MeetingAdminForm, ReminderOffsetsField
from tests.factories import MeetingFactory, PastMeetingFactory

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/meetings/meeting/"


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_meetings_are_listed_newest_first(coordinator_client):
    old = PastMeetingFactory(title_mn="Хуучин уулзалт", starts_at=timezone.now() - dt.timedelta(days=900))
    new = MeetingFactory(title_mn="Шинэ уулзалт")
    page = coordinator_client.get(CHANGELIST).content.decode()
    assert page.index(new.title_mn) < page.index(old.title_mn)


@pytest.mark.parametrize("language", ["mn", "en"])
def test_admin_times_are_24_hour(coordinator_client, language):
    starts = timezone.make_aware(dt.datetime(2030, 5, 14, 15, 30))
    MeetingFactory(starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    coordinator_client.cookies["django_language"] = language
    page = coordinator_client.get(CHANGELIST).content.decode()
    assert "15:30" in page
    assert not re.search(r"\b[ap]\.m\.|\b[AP]M\b", page)


def test_admin_screen_reader_headers_are_mongolian(coordinator_client):
    page = coordinator_client.get("/admin/").content.decode()
    assert "Загварын нэр" in page and "Model name" not in page


def test_admin_wears_the_portal_colours(coordinator_client):
    assert "css/admin.css" in coordinator_client.get("/admin/").content.decode()


def test_reminder_offsets_are_ticked_not_typed(coordinator_client):
    meeting = MeetingFactory(reminder_offsets_hours=[24, 2])
    page = coordinator_client.get(f"/admin/meetings/meeting/{meeting.pk}/change/").content.decode()
    boxes = re.findall(r'<input type="checkbox" name="reminder_offsets_hours" value="(\d+)"([^>]*)>', page)
    assert [int(value) for value, _attrs in boxes] == [168, 72, 48, 24, 12, 6, 2, 1]
    assert {int(value) for value, attrs in boxes if "checked" in attrs} == {24, 2}


def test_ticked_offsets_are_saved_largest_first():
    assert ReminderOffsetsField().clean(["2", "168", "24"]) == [168, 24, 2]
    assert ReminderOffsetsField().clean([]) == []


def test_an_offset_outside_the_list_is_kept():
    meeting = MeetingFactory(reminder_offsets_hours=[36])
    form = MeetingAdminForm(instance=meeting)
    assert 36 in [int(value) for value, _label in form.fields["reminder_offsets_hours"].choices]
