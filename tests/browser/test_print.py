"""Printed on A4 in Chromium, long enough to break over pages: the participation report and a
branch meeting's registrations fit the paper's width (nothing runs off the page), table headings
repeat on each page and totals print once, under the complete table. The check itself
(tests/browser/printing.py) is the visual harness's too, which prints the demo's printable pages
(the convention with its folded reports, certificates, the registrations, the report)."""

from __future__ import annotations

import pytest

from meetings.models import Meeting
from members.models import Level, Organisation
from tests.browser.printing import A4_CONTENT_PX, print_page
from tests.browser.support import new_context
from tests.factories import (
    CommunityFactory,
    MeetingFactory,
    OrganisationFactory,
    RegistrationFactory,
    RootCommunityFactory,
    UserFactory,
)
from tests.insights.helpers import add_attendance, ub

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check_print(browser, base_url, user, path, *, language="mn"):
    context = new_context(browser, base_url, user=user, language=language, width=A4_CONTENT_PX, height=1000)
    page = context.new_page()
    page.goto(path)
    problems, runs = print_page(page)
    context.close()
    assert problems == [], problems
    return runs


@pytest.fixture
def big_report_year(db):
    """One year with 40 organisations' attendance: the tables run over several pages."""
    meeting = MeetingFactory(format=Meeting.Format.TRAINING, starts_at=ub(2026, 3, 10))
    for i in range(40):
        organisation = OrganisationFactory(
            name_mn=f"Аймгийн Засаг даргын Тамгын газар, хэлтэс {i:02d}",
            name_en=f"Provincial Governor's Office, department {i:02d}",
            kind=Organisation.Kind.PROVINCIAL,
            level=Level.LOCAL if i % 2 else Level.CENTRAL,
        )
        add_attendance(meeting, organisation, "woman", 2 + i % 3)
        add_attendance(meeting, organisation, "man", 1 + i % 2)
    return 2026


def test_the_participation_report_prints_on_a4(browser, live_server, coordinator, big_report_year):
    runs = _check_print(browser, live_server.url, coordinator, f"/insights/report/?year={big_report_year}")
    pages = {p for p, *_ in runs}
    assert len(pages) > 1  # long enough that headings and totals meet a page break
    # The organisation table runs over pages: its heading row is printed again on each.
    assert len({p for p, _x, _w, _y, text in runs if text == "Байгууллага"}) >= 2


def test_a_meetings_registrations_print_on_a4(browser, live_server):
    focal = UserFactory()
    branch = CommunityFactory(parent=RootCommunityFactory(), focal_person=focal)
    meeting = MeetingFactory(community=branch, capacity=200)
    for i in range(70):
        RegistrationFactory(
            meeting=meeting,
            user=UserFactory(full_name=f"Бат-Эрдэнийн Оюунцэцэг {i:02d}", contact_visible=True),
        )
    _check_print(
        browser,
        live_server.url,
        focal,
        f"/branches/{branch.slug}/manage/meetings/{meeting.pk}/registrations/",
    )
