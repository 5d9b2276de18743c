"""The whole election in Chromium: nominate, accept, vote, close, results, new coordinators."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from coordinators.models import Election
from members.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-2026"
NOMINEE = "dundgovi.1@example.mn"  # Цэцэгмаа Ганболд, Dundgovi: a local-government member


def _sign_in(page, email):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/")


def _vote(page, year, seat_code, choice_label):
    page.goto(f"/elections/{year}/")
    page.get_by_test_id(f"seat-{seat_code}").get_by_test_id("vote-link").click()
    # A voter taps the choice's box (its label covers it), as on a phone.
    page.locator("label.form-check-label", has_text=choice_label).click()
    assert page.get_by_label(choice_label).is_checked()
    page.locator("[data-testid=ballot-form] button[type=submit]").click()
    # The choice is shown back before it is cast, then the receipt on a page of its own.
    assert choice_label in page.get_by_test_id("confirm-details").inner_text()
    page.get_by_test_id("confirm-yes").click()
    assert page.get_by_test_id("receipt-code").inner_text().count("-") >= 1
    page.goto(f"/elections/{year}/")


def test_demo_election_from_nomination_to_new_coordinators(page):
    call_command("seed_demo")
    year = timezone.localdate().year
    nominee = User.objects.get(email=NOMINEE)
    nominee.set_password(PASSWORD)
    nominee.save()
    # Nominations have run their minimum period (COP_ELECTION_MIN_NOMINATION_DAYS), so the
    # coordinator may close them early below; a shorter election is refused (tests/coordinators).
    Election.objects.filter(year=year).update(
        nominations_open_at=timezone.now()
        - timezone.timedelta(days=settings.COP_ELECTION_MIN_NOMINATION_DAYS + 1)
    )

    # The demo member nominates a colleague for the local seat.
    _sign_in(page, "member@example.mn")
    page.goto(f"/elections/{year}/")
    assert page.get_by_test_id("phase").inner_text() == "Нэр дэвшүүлэх үе"
    form = page.get_by_test_id("nomination-form")
    form.locator("select[name=seat]").select_option(label="Орон нутгийн засаг захиргааны зохицуулагч")
    form.locator("select[name=nominee]").select_option(value=str(nominee.pk))
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/elections/{year}/")

    # The nominee accepts with a statement.
    _sign_in(page, NOMINEE)
    page.goto(f"/elections/{year}/")
    pending = page.get_by_test_id("pending-nomination")
    pending.locator("textarea[name=statement]").fill("Аймгуудын туршлагыг нэгтгэнэ.")
    pending.locator("button.btn-primary").click()
    page.wait_for_url(f"**/elections/{year}/")
    assert "Аймгуудын туршлагыг нэгтгэнэ." in page.get_by_test_id("seat-local").inner_text()

    # A coordinator closes nominations and opens voting.
    _sign_in(page, "coordinator@example.mn")
    for _ in range(2):
        page.goto(f"/elections/{year}/")
        page.get_by_test_id("advance").click()
        assert page.get_by_test_id("advance-effects").is_visible()  # what will happen, then confirm
        page.get_by_test_id("advance-confirm").click()
        page.wait_for_url(f"**/elections/{year}/")
    assert page.get_by_test_id("phase").inner_text() == "Санал хураалт нээлттэй"

    # Members vote.
    for email in ("member@example.mn", NOMINEE):
        _sign_in(page, email)
        _vote(page, year, "local", "Цэцэгмаа Ганболд")
        assert page.get_by_test_id("seat-local").get_by_test_id("voted").is_visible()
    page.goto(f"/elections/{year}/")
    assert page.get_by_test_id("results-hidden").is_visible()

    # The close time comes (voting cannot be closed early); a coordinator closes voting before
    # the periodic task does: results and the new coordinators appear.
    Election.objects.filter(year=year).update(voting_close_at=timezone.now())
    _sign_in(page, "coordinator@example.mn")
    page.goto(f"/elections/{year}/")
    page.get_by_test_id("advance").click()
    page.get_by_test_id("advance-confirm").click()
    page.wait_for_url(f"**/elections/{year}/")
    results = page.get_by_test_id("results")
    assert "Цэцэгмаа Ганболд" in results.get_by_test_id("result-local").inner_text()
    assert results.get_by_test_id("result-local").get_by_test_id("elected").is_visible()
    assert page.get_by_test_id("turnout").is_visible()
    page.goto("/coordinators/")
    assert "Цэцэгмаа Ганболд" in page.get_by_test_id("upcoming-coordinators").inner_text()
