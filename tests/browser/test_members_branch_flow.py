"""An organisation contact registers a branch, a coordinator approves it in the admin, and the
branch appears in the CoP network — in Mongolian and in English (Debian's Chromium)."""

import pytest

from members.models import Community
from members.services import coordinator_group_sync
from tests.conftest import open_menu
from tests.factories import PASSWORD, ContactFactory, RootCommunityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, email):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/")


def test_contact_registers_coordinator_approves_branch_appears_in_both_languages(page, browser, live_server):
    RootCommunityFactory()
    contact = ContactFactory(organisation__name_mn="Газарзүйн хүрээлэн")
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(coordinator_group_sync())

    # The contact registers a branch, in Mongolian (the default).
    _login(page, contact.email)
    page.goto("/branches/register/")
    assert page.locator("html").get_attribute("lang") == "mn"
    page.fill("input[name=name_mn]", "Судлаачдын жендэрийн бүлэг")
    page.fill("input[name=name_en]", "Researchers' gender group")
    page.fill("textarea[name=purpose]", "Сар бүр уулзаж туршлага хуваалцана.")
    page.get_by_test_id("register-branch").click()
    page.wait_for_url("**/branches/researchers-gender-group/")
    branch = Community.objects.get(slug="researchers-gender-group")
    assert branch.status == Community.Status.PENDING
    page.goto("/branches/")
    assert "Судлаачдын жендэрийн бүлэг" not in page.get_by_test_id("community-tree").inner_text()

    # The coordinator approves it in the admin, in another browser session.
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    admin = context.new_page()
    _login(admin, coordinator.email)
    admin.goto("/admin/members/community/?status__exact=pending")
    admin.check(f"input[name=_selected_action][value='{branch.pk}']")
    admin.select_option("select[name=action]", "approve")
    admin.locator("button[name=index]").click()
    admin.wait_for_load_state()
    context.close()
    branch.refresh_from_db()
    assert branch.status == Community.Status.APPROVED

    # It appears in the network, in Mongolian and then in English.
    page.goto("/branches/")
    assert page.get_by_role("heading", level=1).inner_text() == "CoP-ийн сүлжээ"
    tree = page.get_by_test_id("community-tree")
    assert "Судлаачдын жендэрийн бүлэг" in tree.inner_text()
    open_menu(page)
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "The CoP network"
    assert "Researchers' gender group" in page.get_by_test_id("community-tree").inner_text()
