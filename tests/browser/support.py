"""Helpers for browser tests: a signed-in context without the login form, and layout checks."""

from __future__ import annotations

from urllib.parse import urlparse

from django.conf import settings
from django.test import Client

# One JS call returns every visible navbar item that sticks out of the viewport, and the page width.
LAYOUT_JS = """
() => {
  const vw = document.documentElement.clientWidth;
  const nav = document.querySelector('[data-testid=navbar]');
  const out = [];
  if (nav) {
    const items = nav.querySelectorAll(
      '.navbar-brand, .navbar-toggler, .nav-link, .language-switch button, .dropdown-menu.show .dropdown-item');
    for (const el of items) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;  // inside a closed menu: opened and checked separately
      if (r.left < -0.5 || r.right > vw + 0.5) {
        out.push(`${(el.innerText || el.getAttribute('aria-label') || el.className).trim()} [${Math.round(r.left)}..${Math.round(r.right)}]`);
      }
    }
  }
  return {
    outside: out,
    scrollWidth: document.documentElement.scrollWidth,
    viewport: vw,
    navHeight: nav ? nav.getBoundingClientRect().height : 0,
  };
}
"""

COLLAPSE_BELOW = 992  # navbar-expand-lg


def session_cookies(user, base_url: str, language: str = "mn") -> list[dict]:
    """Cookies of a signed-in session for ``user`` (None: a visitor) in ``language``."""
    host = urlparse(base_url).hostname
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "domain": host, "path": "/"}]
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies.append(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "domain": host,
                "path": "/",
            }
        )
    return cookies


def new_context(browser, base_url: str, *, user=None, language="mn", width=1280, height=900):
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height})
    context.set_default_timeout(15_000)
    context.add_cookies(session_cookies(user, base_url, language))
    return context


def navbar_problems(page) -> list[str]:
    """Open every menu of the navbar in turn; return what sticks out of the viewport or scrolls sideways."""
    problems = []
    width = page.viewport_size["width"]

    def check(where):
        state = page.evaluate(LAYOUT_JS)
        problems.extend(f"{where}: {item} outside 0..{state['viewport']}" for item in state["outside"])
        if state["scrollWidth"] > state["viewport"]:
            problems.append(f"{where}: page scrolls sideways ({state['scrollWidth']} > {state['viewport']})")
        return state

    state = check("bar")
    if width >= COLLAPSE_BELOW and state["navHeight"] > 80:
        problems.append(f"bar: wraps onto a second row ({state['navHeight']:.0f} px high)")
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#nav-main.collapse.show").wait_for()
        check("open menu")
    toggles = page.locator("[data-testid=navbar] [data-bs-toggle=dropdown]")
    for i in range(toggles.count()):
        toggle = toggles.nth(i)
        if not toggle.is_visible():
            problems.append(f"menu {i}: toggle not visible")
            continue
        toggle.click()
        page.locator("[data-testid=navbar] .dropdown-menu.show").first.wait_for()
        check(f"menu {toggle.inner_text().strip() or i}")
        page.keyboard.press("Escape")
    return problems
