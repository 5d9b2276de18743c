"""A branch's whole month on a 360 px phone (Debian's Chromium): the Dundgovi branch's focal
person signs in, opens the branch page, follows its Manage link, schedules a meeting by
typing into the form and publishes it; a member signs in and registers; once the meeting has
taken place the focal person ticks the member present on the attendance page. No page on the
way scrolls sideways."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Attendance, Meeting, Registration
from tests.browser.support import new_context
from tests.factories import PASSWORD, CommunityFactory, RootCommunityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
FITS = "() => document.documentElement.scrollWidth <= window.innerWidth"
TITLE = "Цөлжилттэй тэмцэх ажлын жендэрийн хэлэлцүүлэг"


def _fits(page, where: str) -> None:
    assert page.evaluate(FITS), f"{where}: the page scrolls sideways at 360 px"


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    _fits(page, "sign-in")
    page.locator("input[name=login]").click()
    page.locator("input[name=login]").press_sequentially(email)
    page.locator("input[name=password]").press_sequentially(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/")


def _type(page, name: str, text: str) -> None:
    """Tap the field, clear what the form suggested, type like a person."""
    field = page.locator(f"[name={name}]")
    field.click()
    field.fill("")
    field.press_sequentially(text)


def test_dundgovi_focal_person_runs_a_meeting_from_a_phone(browser, live_server):
    focal = UserFactory(
        email="dundgovi.focal@example.mn",
        full_name="Оюунчимэг Лхагва",
        organisation__name_mn="Дундговь аймгийн Засаг даргын Тамгын газар",
    )
    branch = CommunityFactory(
        parent=RootCommunityFactory(),
        slug="dundgovi-gender-cop",
        name_mn="Дундговь аймгийн жендэр ба ногоон хөгжлийн бүлэг",
        name_en="Dundgovi Province gender and greening CoP",
        host_organisation=focal.organisation,
        focal_person=focal,
    )
    member = UserFactory(full_name="Болормаа Дорж")
    branch_url = f"/branches/{branch.slug}/"
    manage_url = f"{branch_url}manage/"

    # The focal person signs in on a phone and finds the branch's management from its page.
    runner = new_context(browser, live_server.url, width=PHONE["width"], height=PHONE["height"])
    page = runner.new_page()
    _sign_in(page, focal.email)
    page.goto(branch_url)
    _fits(page, "branch page")
    page.get_by_test_id("manage").click()
    page.wait_for_url(f"**{manage_url}")
    _fits(page, "dashboard")

    # Schedules a meeting: the phone's date-and-time pickers (the browser sends ISO).
    page.get_by_test_id("new-meeting").click()
    page.wait_for_url(f"**{manage_url}meetings/new/")
    _fits(page, "new meeting form")
    assert page.locator("[name=starts_at]").get_attribute("type") == "datetime-local"
    day = timezone.localdate() + dt.timedelta(days=10)
    _type(page, "title_mn", TITLE)
    page.locator("select[name=format]").select_option(Meeting.Format.TRAINING)
    page.locator("[name=starts_at]").fill(f"{day:%Y-%m-%d}T10:00")
    page.locator("[name=ends_at]").fill(f"{day:%Y-%m-%d}T12:30")
    page.locator("select[name=mode]").select_option(Meeting.Mode.IN_PERSON)
    _type(page, "venue", "Мандалговь, ИТХ-ын хурлын танхим")
    _type(page, "capacity", "30")
    _fits(page, "filled form")
    page.get_by_test_id("save-publish").click()
    page.wait_for_url(f"**{manage_url}")
    _fits(page, "dashboard after publishing")
    card = page.get_by_test_id("branch-meeting").filter(has_text=TITLE)
    expect(card).to_be_visible()
    expect(card.get_by_test_id("publish")).to_have_count(0)  # nothing left to publish
    meeting = Meeting.objects.get(title_mn=TITLE)
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.community_id == branch.pk
    local = timezone.localtime(meeting.starts_at)
    assert (local.date(), local.hour, timezone.localtime(meeting.ends_at).minute) == (day, 10, 30)

    # A member signs in on their own phone and registers.
    guest = new_context(browser, live_server.url, width=PHONE["width"], height=PHONE["height"])
    visitor = guest.new_page()
    _sign_in(visitor, member.email)
    visitor.goto(f"/meetings/{meeting.pk}/")
    _fits(visitor, "meeting page")
    rsvp = visitor.get_by_test_id("rsvp")
    rsvp.locator(f"form[action$='/meetings/{meeting.pk}/register/'] button").click()
    expect(rsvp.get_by_test_id("cancel-registration")).to_be_visible()
    _fits(visitor, "meeting page after registering")
    assert Registration.objects.get(meeting=meeting, user=member).status == Registration.Status.CONFIRMED
    guest.close()

    # The meeting takes place (time passes) ...
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3), ends_at=timezone.now() - dt.timedelta(hours=1)
    )

    # ... and the focal person records the member present from the meeting's own pages.
    page.goto(f"/meetings/{meeting.pk}/")
    _fits(page, "meeting page of the runner")
    page.get_by_test_id("run-meeting").click()
    page.wait_for_url(f"**{manage_url}meetings/{meeting.pk}/registrations/")
    _fits(page, "registrations")
    page.get_by_test_id("sheet-tabs").locator(f"a[href$='/meetings/{meeting.pk}/attendance/']").click()
    page.wait_for_url(f"**{manage_url}meetings/{meeting.pk}/attendance/")
    _fits(page, "attendance sheet")
    present = page.locator(f"#present-{member.pk}")
    expect(present).not_to_be_checked()
    page.locator(f"label[for=present-{member.pk}]").click()
    expect(present).to_be_checked()
    save = (
        page.get_by_test_id("attendance-list").locator("xpath=ancestor::form").locator("button[type=submit]")
    )
    with page.expect_navigation(url=f"**{manage_url}meetings/{meeting.pk}/attendance/"):
        save.click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator(f"#present-{member.pk}")).to_be_checked()
    _fits(page, "attendance sheet after saving")
    attendance = Attendance.objects.get(meeting=meeting, user=member)
    registration = Registration.objects.get(meeting=meeting, user=member)
    assert (attendance.registration_id, attendance.is_walk_in) == (registration.pk, False)
    runner.close()
