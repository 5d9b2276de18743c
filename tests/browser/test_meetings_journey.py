"""The demo member registers for a training; a coordinator marks attendance in the admin."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from meetings.models import Attendance, Meeting, Registration
from members.models import User
from tests.factories import PastMeetingFactory, RootCommunityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", "demo-pass-2026")
    page.locator("form button[type=submit]").last.click()
    # "**/" also matches the login page itself: wait until the sign-in has landed.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_demo_member_registers_for_a_training_and_downloads_ics(page, tmp_path):
    call_command("seed_demo")
    _sign_in(page, "member@example.mn")
    page.goto("/meetings/?when=upcoming&format=training")
    page.get_by_test_id("meeting-card").first.locator("a").first.click()
    page.wait_for_url("**/meetings/*/")
    meeting_id = int(page.url.rstrip("/").rsplit("/", 1)[1])
    page.locator("form[action$='/register/'] button").click()
    page.wait_for_url(f"**/meetings/{meeting_id}/")
    registration = Registration.objects.get(meeting_id=meeting_id, user__email="member@example.mn")
    assert registration.status == Registration.Status.CONFIRMED
    assert Meeting.objects.get(pk=meeting_id).format == Meeting.Format.TRAINING

    page.goto("/meetings/mine/")
    assert page.locator(f"[data-testid=my-registration] a[href='/meetings/{meeting_id}/']").count() == 1
    with page.expect_download() as download_info:
        page.locator(f"[data-testid=my-registration] a[href='/meetings/{meeting_id}.ics']").click()
    path = tmp_path / "meeting.ics"
    download_info.value.save_as(path)
    (event,) = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert str(event["uid"]).startswith(f"meeting-{meeting_id}@")


def test_coordinator_marks_attendance_in_the_admin(page):
    call_command("seed_demo")
    people = list(User.objects.filter(email__startswith="nso."))
    meeting = PastMeetingFactory(
        title_mn="Браузерын туршилтын уулзалт",
        community=RootCommunityFactory(),
        starts_at=timezone.now() - dt.timedelta(days=2),
    )
    Registration.objects.bulk_create(Registration(meeting=meeting, user=p) for p in people)
    _sign_in(page, "coordinator@example.mn")
    page.goto("/admin/meetings/meeting/?q=Браузерын")
    page.locator(f"input[name=_selected_action][value='{meeting.pk}']").check()
    page.select_option("select[name=action]", "mark_confirmed_attended")
    page.locator("button[name=index]").click()
    page.wait_for_selector(".messagelist .success")
    assert Attendance.objects.filter(meeting=meeting).count() == len(people) == 3
