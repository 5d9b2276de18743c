"""The demo member signs in and switches the language, in Debian's Chromium."""

import pytest
from django.core.management import call_command

from tests.conftest import open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_member_logs_in_and_switches_language(page):
    call_command("seed_demo")
    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "mn"
    page.fill("input[name=login]", "member@example.mn")
    page.fill("input[name=password]", "demo-pass-2026")
    page.locator("form button[type=submit]").last.click()
    # "**/" also matches the login page itself: wait until the sign-in has landed.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    open_menu(page)
    assert page.get_by_test_id("signed-in-as").inner_text() == "Сүрэнжав Батболд"
    # Wait for the switch's navigation itself: wait_for_load_state() alone can return
    # before the POST starts (seen under load), reading the old page's language.
    with page.expect_navigation():
        page.get_by_test_id("lang-en").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Community of practice on gender mainstreaming"
    )
    page.goto("/")  # the choice persists across pages
    assert page.locator("html").get_attribute("lang") == "en"
