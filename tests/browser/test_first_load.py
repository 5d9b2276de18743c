"""The built Bootstrap subset at work on a 360 px phone: the ☰ toggler, the navbar's menus and the
account menu behave as with the whole of Bootstrap, and the first load fetches nothing but the
files the size budget of tests/test_assets.py counts."""

import pytest

from tests.browser.support import new_context
from tests.factories import MeetingFactory
from tests.test_assets import linked_files

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open(browser, live_server, user, path):
    context = new_context(browser, live_server.url, user=user, width=360, height=740)
    page = context.new_page()
    fetched, errors = [], []
    page.on("request", lambda request: fetched.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    response = page.goto(path)
    page.wait_for_load_state("networkidle")
    return context, page, response, fetched, errors


@pytest.mark.parametrize("role", ["visitor", "member"])
def test_first_load_fetches_only_what_the_budget_counts(browser, live_server, member, role):
    meeting = MeetingFactory()
    for path in ("/", meeting.get_absolute_url()):
        context, page, response, fetched, errors = _open(
            browser, live_server, member if role == "member" else None, path
        )
        try:
            assert response.status == 200
            counted = {live_server.url + url for url in linked_files(page.content())}
            assert set(fetched) == {live_server.url + path} | counted
            assert errors == []
            assert page.evaluate("() => Object.keys(window.bootstrap).sort()") == ["Collapse", "Dropdown"]
        finally:
            context.close()


def test_toggler_and_menus_work_at_360_px(browser, live_server, member):
    context, page, _, _, errors = _open(browser, live_server, member, "/")
    try:
        toggler = page.locator(".navbar-toggler")
        menu = page.locator("#nav-main")
        assert toggler.get_attribute("aria-expanded") == "false" and not menu.is_visible()
        toggler.click()
        page.locator("#nav-main.collapse.show").wait_for()
        assert toggler.get_attribute("aria-expanded") == "true"

        # A menu of the folded navbar: opens in place, arrow keys walk its items, Escape closes it
        # and gives the focus back to its button.
        meetings = page.get_by_test_id("nav-meetings")
        meetings.click()
        items = page.locator("#nav-main .dropdown-menu.show .dropdown-item")
        items.first.wait_for()
        assert meetings.get_attribute("aria-expanded") == "true"
        box = items.first.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        page.keyboard.press("ArrowDown")
        assert page.evaluate("() => document.activeElement.classList.contains('dropdown-item')")
        page.keyboard.press("Escape")
        page.locator("#nav-main .dropdown-menu.show").wait_for(state="detached")
        assert meetings.get_attribute("aria-expanded") == "false"
        assert page.evaluate("() => document.activeElement.dataset.testid") == "nav-meetings"

        # Opening another closes the first; a click elsewhere closes it.
        meetings.click()
        page.get_by_test_id("nav-network").click()
        assert page.locator("#nav-main .dropdown-menu.show").count() == 1
        page.locator("main").click(position={"x": 5, "y": 5})
        page.locator(".dropdown-menu.show").wait_for(state="detached")

        # The ☰ button folds the menu again (after Bootstrap's collapse transition).
        toggler.click()
        page.locator("#nav-main.collapse:not(.show)").wait_for(state="attached")
        page.locator("#nav-main.collapsing").wait_for(state="detached")
        assert toggler.get_attribute("aria-expanded") == "false" and not menu.is_visible()

        # The account menu stays on the bar and opens inside the screen.
        account = page.get_by_test_id("account-menu")
        account.click()
        sign_out = page.get_by_test_id("sign-out")
        sign_out.wait_for()
        box = page.locator(".account-menu .dropdown-menu.show").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        assert page.locator(".account-menu .dropdown-menu.show").get_attribute("data-bs-popper") == "static"
        page.keyboard.press("Escape")
        page.locator(".account-menu .dropdown-menu.show").wait_for(state="detached")
        assert errors == []
    finally:
        context.close()
