"""On a 360 px phone, a branch's focal person creates a meeting with the form and publishes it
from the dashboard; no page of theirs scrolls sideways (Debian's Chromium)."""

import datetime as dt

import pytest
from django.utils import timezone

from meetings.models import Meeting
from tests.browser.support import new_context
from tests.factories import CommunityFactory, RootCommunityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIDEWAYS = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"


def test_focal_person_creates_and_publishes_on_a_phone(browser, live_server):
    focal = UserFactory()
    branch = CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)
    context = new_context(browser, live_server.url, user=focal, width=360, height=740)
    page = context.new_page()
    manage = f"/branches/{branch.slug}/manage/"

    page.goto(manage)
    assert not page.evaluate(SIDEWAYS)
    page.get_by_test_id("new-meeting").click()
    page.wait_for_url(f"**{manage}meetings/new/")
    assert not page.evaluate(SIDEWAYS)
    start = timezone.localtime() + dt.timedelta(days=12)
    page.fill("input[name=title_mn]", "Утсаар үүсгэсэн уулзалт")
    page.select_option("select[name=format]", Meeting.Format.TRAINING)
    page.fill("input[name=starts_at]", start.strftime("%Y-%m-%dT10:00"))
    page.fill("input[name=ends_at]", start.strftime("%Y-%m-%dT12:00"))
    page.select_option("select[name=mode]", Meeting.Mode.ONLINE)
    page.fill("input[name=online_url]", "https://meet.example.mn/phone")
    page.get_by_test_id("save").click()
    page.wait_for_url(f"**{manage}")
    card = page.get_by_test_id("branch-meeting")
    assert "Утсаар үүсгэсэн уулзалт" in card.inner_text()
    assert not page.evaluate(SIDEWAYS)

    card.get_by_test_id("publish").click()
    page.wait_for_url(f"**{manage}")
    meeting = Meeting.objects.get(title_mn="Утсаар үүсгэсэн уулзалт")
    assert meeting.status == Meeting.Status.PUBLISHED and meeting.community_id == branch.pk
    assert timezone.localtime(meeting.starts_at).hour == 10  # typed in Ulaanbaatar time

    page.goto(f"{manage}settings/")
    assert not page.evaluate(SIDEWAYS)
    page.goto(f"{manage}meetings/{meeting.pk}/cancel/")
    assert not page.evaluate(SIDEWAYS)
    context.close()
