"""On a 360 px phone the focal person takes attendance on a branch meeting: every page of
the meeting fits the screen, and a tap on a registrant's name ticks their box."""

from __future__ import annotations

import pytest

from meetings.models import Attendance
from tests.browser.support import LAYOUT_JS, new_context
from tests.factories import (
    CommunityFactory,
    PastMeetingFactory,
    RegistrationFactory,
    RootCommunityFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["mn", "en"])
def test_focal_person_takes_attendance_on_a_phone(browser, live_server, language):
    focal = UserFactory()
    branch = CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)
    meeting = PastMeetingFactory(
        community=branch, title_mn="Салбар бүлгийн сарын уулзалт: жендэрийн төсөвлөлт"
    )
    registration = RegistrationFactory(
        meeting=meeting, user=UserFactory(full_name="Батмөнх-Эрдэнэ Оюунчимэг Шагдарсүрэн")
    )
    base = f"/branches/{branch.slug}/manage/meetings/{meeting.pk}"
    context = new_context(browser, live_server.url, user=focal, language=language, width=360, height=800)
    page = context.new_page()
    try:
        for tab in ("registrations", "attendance", "materials", "minutes"):
            page.goto(f"{base}/{tab}/")
            state = page.evaluate(LAYOUT_JS)
            assert state["scrollWidth"] <= state["viewport"], f"{tab} scrolls sideways"
        page.goto(f"{base}/attendance/")
        page.get_by_text(registration.user.full_name).click()
        assert page.locator(f"#present-{registration.user_id}").is_checked()
        page.locator("form:has(input[value=sheet]) button[type=submit]").click()
        page.locator(".alert-success").wait_for()
        assert Attendance.objects.filter(meeting=meeting, user=registration.user).exists()
    finally:
        context.close()
