"""The navbar stays inside the screen for the role with the most items, in both languages."""

import pytest

from tests.browser.support import navbar_problems, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def busiest_coordinator(coordinator):
    """A coordinator who is also an organisation contact, with a long name: every menu item shows."""
    coordinator.full_name = "Оюунчимэг Шагдарсүрэнгийн Батмөнх-Эрдэнэ"
    coordinator.is_organisation_contact = True
    coordinator.save(update_fields=["full_name", "is_organisation_contact"])
    return coordinator


@pytest.mark.parametrize("language", ["mn", "en"])
def test_navbar_fits_a_coordinator_at_every_width(browser, live_server, busiest_coordinator, language):
    context = new_context(browser, live_server.url, user=busiest_coordinator, language=language)
    page = context.new_page()
    try:
        problems = []
        for width in (1280, 1920, 992, 768, 360):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto("/")
            assert page.locator("html").get_attribute("lang") == language
            # The language switch and the account menu are on the bar itself, not in the collapsed menu.
            assert page.get_by_test_id(f"lang-{'en' if language == 'mn' else 'mn'}").is_visible()
            assert page.get_by_test_id("account-menu").is_visible()
            problems += [f"{width}px: {p}" for p in navbar_problems(page)]
        assert problems == [], "\n".join(problems)
    finally:
        context.close()


def test_navbar_links_are_readable_on_the_purple_bar(browser, live_server):
    """WCAG AA: at least 4.5:1 between a navbar link and the bar behind it."""
    context = new_context(browser, live_server.url, width=1280)
    page = context.new_page()
    try:
        page.goto("/")
        ratio = page.evaluate(
            """() => {
              const rgb = s => s.match(/[\\d.]+/g).map(Number);
              const lum = ([r, g, b]) => [r, g, b].map(c => { c /= 255;
                return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
                .reduce((s, c, i) => s + c * [0.2126, 0.7152, 0.0722][i], 0);
              const bg = rgb(getComputedStyle(document.querySelector('[data-testid=navbar]')).backgroundColor);
              const fgAll = rgb(getComputedStyle(document.querySelector('[data-testid=nav-participation]')).color);
              const a = fgAll.length > 3 ? fgAll[3] : 1;
              const fg = fgAll.slice(0, 3).map((c, i) => c * a + bg[i] * (1 - a));
              const [l1, l2] = [lum(fg), lum(bg)].sort((x, y) => y - x);
              return (l1 + 0.05) / (l2 + 0.05);
            }"""
        )
        assert ratio >= 4.5
    finally:
        context.close()
