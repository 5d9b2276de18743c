"""A member follows a branch from its page at 360 px, then sees its members and its year's
activity, with nothing wider than the screen (Debian's Chromium)."""

import pytest

from tests.browser.support import LAYOUT_JS, new_context
from tests.factories import (
    AttendanceFactory,
    CommunityFactory,
    MeetingFactory,
    PastMeetingFactory,
    RootCommunityFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_follows_a_branch_and_sees_its_activity_at_360_px(browser, live_server):
    branch = CommunityFactory(
        parent=RootCommunityFactory(), name_mn="Дундговь аймгийн жендэр ба ногоон хөгжлийн бүлэг"
    )
    MeetingFactory(community=branch, title_mn="Ойжуулалтын төслийн жендэрийн дүн шинжилгээ")
    past = PastMeetingFactory(community=branch)
    for _ in range(6):
        AttendanceFactory(meeting=past)
    person = UserFactory()
    context = new_context(browser, live_server.url, user=person, width=360, height=740)
    page = context.new_page()
    page.goto(f"/branches/{branch.slug}/")
    page.get_by_test_id("join").click()
    page.get_by_test_id("leave").wait_for()
    assert page.get_by_test_id("branch-activity").is_visible()
    assert page.get_by_test_id("community-members").is_visible()
    layout = page.evaluate(LAYOUT_JS)
    assert layout["scrollWidth"] <= layout["viewport"], layout
    context.close()
