"""At 360 px: a member proposes a topic, another supports it, a coordinator accepts it by
creating a meeting; the member downloads a certificate of attendance."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from meetings.models import Meeting
from members.services import coordinator_group_sync
from proposals.models import Proposal
from tests.factories import PASSWORD, AttendanceFactory, PastMeetingFactory, RootCommunityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _page_for(browser, live_server, email):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 360, "height": 780})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return context, page


def test_propose_support_accept_and_download_a_certificate(browser, live_server, tmp_path):
    RootCommunityFactory()
    proposer = UserFactory(full_name="Батбаярын Оюунчимэг")
    supporter = UserFactory()
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(coordinator_group_sync())
    start = timezone.now() - dt.timedelta(days=3)
    attended = AttendanceFactory(user=proposer, meeting=PastMeetingFactory(starts_at=start))

    context, page = _page_for(browser, live_server, proposer.email)
    page.locator(".navbar-toggler").click()
    page.locator("#nav-main.collapse.show").wait_for()
    page.get_by_test_id("nav-network").click()
    page.get_by_test_id("nav-proposals").click()
    page.get_by_test_id("propose").click()
    page.fill("input[name=title]", "Жендэрийн статистикийн сургалт")
    page.fill("textarea[name=description]", "Салбар бүрийн мэдээллийг задлах арга")
    page.select_option("select[name=kind]", "topic")
    page.locator("form button[type=submit]").last.click()
    page.get_by_test_id("proposal-title").wait_for()
    proposal = Proposal.objects.get()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    other_context, other = _page_for(browser, live_server, supporter.email)
    other.goto(proposal.get_absolute_url())
    other.get_by_test_id("support").click()
    other.get_by_test_id("withdraw").wait_for()
    assert proposal.supports.filter(user=supporter).count() == 1
    other_context.close()

    coordinator_context, admin = _page_for(browser, live_server, coordinator.email)
    admin.goto(proposal.get_absolute_url())
    admin.get_by_test_id("accept-with-meeting").click()
    assert admin.input_value("input[name=title_mn]") == "Жендэрийн статистикийн сургалт"
    admin.get_by_test_id("create-meeting").click()
    admin.wait_for_url("**/meetings/*/")
    proposal.refresh_from_db()
    meeting = Meeting.objects.get(title_mn="Жендэрийн статистикийн сургалт")
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.meeting == meeting
    coordinator_context.close()

    page.goto(proposal.get_absolute_url())
    assert page.get_by_test_id("proposal-meeting").get_attribute("href") == meeting.get_absolute_url()
    page.goto("/profile/participation/")
    with page.expect_download() as download_info:
        page.locator(f"a[href^='/profile/participation/certificate/{attended.pk}.pdf']").first.click()
    path = tmp_path / "certificate.pdf"
    download_info.value.save_as(path)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "Батбаярын Оюунчимэг" in text
    context.close()
