"""In an American-English browser the date fields are the browser's own pickers (ISO values,
whatever the picker shows); in a browser without a picker (a text box) the date is typed the
page's way: ISO on a Mongolian page, day/month/year on an English one, month-first refused."""

import datetime as dt

import pytest

from members.models import Community
from tests.browser.support import session_cookies
from tests.factories import ContactFactory, RootCommunityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill_rest(page, name_en):
    page.fill("input[name=name_mn]", f"Огноотой бүлэг {name_en.split()[0]}")
    page.fill("input[name=name_en]", name_en)
    page.fill("textarea[name=purpose]", "Сар бүр уулзана.")


@pytest.mark.parametrize(("language", "typed"), [("mn", "2026-03-15"), ("en", "15/03/2026")])
def test_founding_date_from_the_picker_or_typed_the_pages_way(browser, live_server, language, typed):
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
    assert field.get_attribute("type") == "date"
    hint = page.locator(f"#{field.get_attribute('aria-describedby').split()[0]}").inner_text()
    assert ("15/03/2026" if language == "en" else "2026-03-15") in hint
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The picker: the browser sends ISO whatever it shows.
    _fill_rest(page, "Picked group")
    field.fill("2026-03-15")
    page.get_by_test_id("register-branch").click()
    page.wait_for_url("**/branches/picked-group/")
    assert Community.objects.get(name_en="Picked group").founded_on == dt.date(2026, 3, 15)

    # A browser without a picker: a text box, typed by hand.
    page.goto("/branches/register/")
    page.evaluate("document.querySelector('input[name=founded_on]').type = 'text'")
    _fill_rest(page, "Typed group")
    page.locator("input[name=founded_on]").fill("03/15/2026")  # month first: refused, format named
    page.get_by_test_id("register-branch").click()
    page.wait_for_load_state()
    refused = page.locator("input[name=founded_on]")
    assert refused.get_attribute("aria-invalid") == "true"
    assert refused.input_value() == "03/15/2026"  # shown back as typed, in a text box
    assert page.locator("input[name=name_en]").input_value() == "Typed group"  # nothing lost
    assert not Community.objects.filter(name_en="Typed group").exists()
    page.locator("input[name=founded_on]").fill(typed)
    page.get_by_test_id("register-branch").click()
    page.wait_for_url("**/branches/typed-group/")
    assert Community.objects.get(name_en="Typed group").founded_on == dt.date(2026, 3, 15)
    context.close()
