"""The members import shows its upload progress, then the summary, without inline scripts (CSP)."""

import pytest

from members.models import User
from members.services import coordinator_group_sync
from tests.browser.support import new_context
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = 400


def test_a_large_import_shows_progress_then_the_summary(browser, live_server, tmp_path):
    organisation = OrganisationFactory()
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(coordinator_group_sync())
    csv = tmp_path / "people.csv"
    lines = ["email,full_name,organisation,position"]
    lines += [f"p{i}@example.mn,Хүн {i},{organisation.slug},Ахлах мэргэжилтэн" for i in range(ROWS)]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")

    context = new_context(browser, live_server.url, user=coordinator, language="en", width=360)
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto("/admin/members/user/import/")
    status = page.get_by_test_id("upload-status")
    assert status.is_hidden()
    page.set_input_files("input[name=file]", str(csv))
    page.locator("input[type=submit]").click()
    # The progress shows while the file goes up and the rows are saved...
    page.get_by_test_id("import-result").wait_for()
    # ...then the page is the summary the redirect leads to.
    assert page.url.endswith("/admin/members/user/import/")
    assert f"{ROWS} people imported" in page.get_by_test_id("import-result").inner_text()
    assert User.objects.filter(email__endswith="@example.mn", organisation=organisation).count() == ROWS
    assert refused == []
    context.close()


def test_the_progress_appears_when_the_form_is_sent(browser, live_server, tmp_path):
    """The script, not the browser's own post, sends the form: the status box is shown at once."""
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(coordinator_group_sync())
    csv = tmp_path / "bad.csv"
    csv.write_text("email,full_name,organisation\nnot-an-address,Буруу,nowhere\n", encoding="utf-8")
    context = new_context(browser, live_server.url, user=coordinator, language="en")
    page = context.new_page()
    page.goto("/admin/members/user/import/")
    page.route(
        "**/admin/members/user/import/",
        lambda route: None if route.request.method == "POST" else route.continue_(),
    )
    page.set_input_files("input[name=file]", str(csv))
    page.locator("input[type=submit]").click()
    page.get_by_test_id("upload-status").wait_for(state="visible")
    assert page.locator("[data-upload-status] [role=status]").inner_text()
    assert page.locator("input[type=submit]").is_disabled()
    page.unroute("**/admin/members/user/import/")
    context.close()


def test_bad_rows_come_back_as_the_list_of_errors(browser, live_server, tmp_path):
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(coordinator_group_sync())
    csv = tmp_path / "bad.csv"
    csv.write_text("email,full_name,organisation\nnot-an-address,Буруу,nowhere\n", encoding="utf-8")
    context = new_context(browser, live_server.url, user=coordinator, language="en")
    page = context.new_page()
    page.goto("/admin/members/user/import/")
    page.set_input_files("input[name=file]", str(csv))
    page.locator("input[type=submit]").click()
    page.get_by_test_id("import-errors").wait_for()
    assert "2" in page.get_by_test_id("import-errors").inner_text()
    context.close()
