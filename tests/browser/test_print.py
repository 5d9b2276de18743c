"""Printed on A4 in Chromium: the participation report, a branch meeting's registrations and a
convention page fit the paper's width (nothing runs off the page), table headings repeat on
each page and totals print once, under the complete table."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from meetings.models import ConventionReport, Meeting
from members.models import Level, Organisation
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

# The printable width of A4 portrait with the print style's 12 mm side margins, in CSS pixels.
A4_CONTENT_PX = round((210 - 24) / 25.4 * 96)

# Under print media: every table (and chart) inside the paper's width, and how tfoot and thead print.
PRINT_LAYOUT_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const over = [];
  for (const el of document.querySelectorAll('main table, main svg, main .table-responsive')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 0.5) over.push(`${el.tagName} ${el.dataset.testid || ''} ${Math.round(r.right)} > ${width}`);
  }
  const style = (sel) => [...document.querySelectorAll(sel)].map((e) => getComputedStyle(e).display);
  return {over, scrollWidth: document.documentElement.scrollWidth, width,
          tfoot: style('main tfoot'), thead: style('main thead')};
}
"""


def _pdf_text_positions(pdf: bytes) -> list[tuple[int, float, float, float, str]]:
    """(page, x, page width, y, text) of every text run Chromium drew."""
    found = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        width = float(page.mediabox.width)

        def visit(text, cm, tm, _font, _size, number=number, width=width):
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                found.append((number, x, width, y, text.strip()))

        page.extract_text(visitor_text=visit)
    return found


def _check_print(browser, base_url, user, path, *, language="mn"):
    context = new_context(browser, base_url, user=user, language=language, width=A4_CONTENT_PX, height=1000)
    page = context.new_page()
    page.goto(path)
    page.emulate_media(media="print")
    layout = page.evaluate(PRINT_LAYOUT_JS)
    assert layout["over"] == [], layout
    assert layout["scrollWidth"] <= layout["width"], layout
    assert all(d == "table-header-group" for d in layout["thead"]), layout
    assert all(d == "table-row-group" for d in layout["tfoot"]), layout  # printed once, at the end
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    context.close()
    runs = _pdf_text_positions(pdf)
    assert runs, "the PDF has text"
    off = [(p, round(x), t) for p, x, w, _y, t in runs if x < 0 or x > w - 4]
    assert off == [], off
    return pdf, runs


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
    pdf, runs = _check_print(
        browser, live_server.url, coordinator, f"/insights/report/?year={big_report_year}"
    )
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


def test_a_convention_page_prints_on_a4(browser, live_server, member):
    convention = MeetingFactory(
        format=Meeting.Format.CONVENTION,
        title_mn="CoP-ийн жилийн чуулган, Дундговь",
        description_mn="Байгууллагууд ахиц дэвшлээ тайлагнаж, хамтарсан төлөвлөгөө батална. " * 20,
    )
    ConventionReport.objects.create(
        convention=convention,
        organisation=member.organisation,
        achievements="Жендэрийн аудитын зөвлөмжийг хэрэгжүүлсэн",
        status=ConventionReport.Status.ACCEPTED,
    )
    _pdf, runs = _check_print(
        browser, live_server.url, member, f"/convention/{convention.starts_at.year}/", language="en"
    )
    # A progress report folded on the screen is printed unfolded.
    assert "Жендэрийн аудитын" in " ".join(text for *_rest, text in runs)
