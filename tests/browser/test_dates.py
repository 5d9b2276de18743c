"""In an American-English browser, the date fields still follow the page: ISO on a Mongolian
page, day/month/year on an English one (a native date input would show mm/dd/yyyy)."""

import datetime as dt

import pytest

from members.models import Community
from tests.browser.support import session_cookies
from tests.factories import ContactFactory, RootCommunityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("language", "typed", "placeholder"),
    [("mn", "2026-03-15", "yyyy-mm-dd"), ("en", "15/03/2026", "dd/mm/yyyy")],
)
def test_founding_date_is_typed_the_pages_way_in_a_us_browser(
    browser, live_server, language, typed, placeholder
):
    RootCommunityFactory()
    contact = ContactFactory()
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 360, "height": 800},
        locale="en-US",
        timezone_id="America/New_York",
    )
    context.add_cookies(session_cookies(contact, live_server.url, language))
    page = context.new_page()
    page.goto("/branches/register/")
    field = page.locator("input[name=founded_on]")
    assert field.get_attribute("type") == "text" and field.get_attribute("inputmode") == "numeric"
    from django.utils import translation

    with translation.override(language):
        assert field.get_attribute("placeholder") == translation.gettext(placeholder)
    hint = page.locator(f"#{field.get_attribute('aria-describedby').split()[0]}").inner_text()
    assert ("15/03/2026" if language == "en" else "2026-03-15") in hint
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.fill("input[name=name_mn]", "Огноотой бүлэг")
    page.fill("input[name=name_en]", "Dated group")
    page.fill("textarea[name=purpose]", "Сар бүр уулзана.")
    field.fill("03/15/2026")  # month first: refused, with the page's format named
    page.get_by_test_id("register-branch").click()
    page.wait_for_load_state()
    assert page.locator("input[name=founded_on]").get_attribute("aria-invalid") == "true"
    assert not Community.objects.filter(name_en="Dated group").exists()
    page.locator("input[name=founded_on]").fill(typed)
    page.get_by_test_id("register-branch").click()
    page.wait_for_url("**/branches/dated-group/")
    assert Community.objects.get(name_en="Dated group").founded_on == dt.date(2026, 3, 15)
    context.close()
