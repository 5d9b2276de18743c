"""A coordinator filters the insights by a province and downloads the CSV, in Chromium."""

from pathlib import Path

import pytest

from members.models import Province
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_filters_by_province_and_downloads_csv(page, coordinator, world):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", coordinator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/")

    page.goto("/insights/")
    table = page.get_by_test_id("table-attendance-by-month")
    chart = page.get_by_test_id("chart-attendance-by-month")
    assert "2026-01" in table.inner_text() and "2026-03" in table.inner_text()
    bars_before = chart.locator("rect").count()

    page.select_option("select[name=province]", Province.DORNOD.value)
    page.get_by_test_id("apply-filters").click()
    page.wait_for_url("**province=dornod**")

    assert "2026-01" not in table.inner_text()
    assert "2026-03" in table.inner_text()
    assert chart.locator("rect").count() < bars_before
    assert "2026-01" not in chart.inner_html()

    with page.expect_download() as download_info:
        page.get_by_test_id("csv-attendance-by-month").click()
    content = Path(download_info.value.path()).read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert "2026-03" in text and "2026-01" not in text


def test_public_page_fits_a_small_phone(page, world):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/insights/public/")
    assert page.get_by_test_id("chart-attendance-by-month").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_coordinator_page_and_its_tabs_fit_a_small_phone(page, coordinator, world):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/accounts/login/")
    page.fill("input[name=login]", coordinator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/")

    page.goto("/insights/?section=attendance-by-organisation")
    assert page.get_by_test_id("table-attendance-by-organisation").is_visible()
    tabs = page.get_by_test_id("insights-tabs").locator("a")
    assert tabs.count() == 9
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    tabs.and_(page.locator('[href*="section=site-visits"]')).click()
    page.wait_for_url("**section=site-visits**")
    assert page.get_by_test_id("table-site-visits").is_visible()
