"""The A4 print check, shared by the visual harness (the demo's printable pages) and
test_print.py (long tables that break over pages): print media in a window as wide as A4's
printable width, every table and chart inside it, headings repeated and totals once, then
Chromium's PDF (A4 portrait) with every text run on the paper. Certificates are PDFs already:
the same paper check reads them."""

from __future__ import annotations

import io

from pypdf import PdfReader

# The printable width of A4 portrait with the print style's 12 mm side margins, in CSS pixels.
A4_CONTENT_PX = round((210 - 24) / 25.4 * 96)
A4_POINTS = (595, 842)  # portrait, rounded

# Under print media: every table (and chart) inside the paper's width, and how tfoot and thead print.
PRINT_LAYOUT_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const over = [];
  for (const el of document.querySelectorAll('main table, main svg, main .table-responsive, main img')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > width + 0.5) over.push(`${el.tagName} ${el.dataset.testid || ''} ${Math.round(r.right)} > ${width}`);
  }
  const style = (sel) => [...document.querySelectorAll(sel)].map((e) => getComputedStyle(e).display);
  return {over, scrollWidth: document.documentElement.scrollWidth, width,
          tfoot: style('main tfoot'), thead: style('main thead')};
}
"""
# The first words of each folded part (<details>): printed unfolded, so they are in the PDF.
FOLDED_JS = """
() => [...document.querySelectorAll('main details')].slice(0, 5).map((d) => {
  const body = [...d.children].filter((c) => c.tagName !== 'SUMMARY').map((c) => c.textContent).join(' ');
  return body.trim().split(/\\s+/).slice(0, 2).join(' ');
}).filter((words) => words.length > 3)
"""
PDF_OPTIONS = {"format": "A4", "print_background": True, "prefer_css_page_size": True}


def pdf_text_runs(pdf: bytes) -> list[tuple[int, float, float, float, str]]:
    """(page, x, page width, y, text) of every text run drawn in ``pdf``."""
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


def pdf_problems(pdf: bytes) -> tuple[list[str], list[tuple]]:
    """What of ``pdf`` is not A4 portrait or runs off the paper; and its text runs."""
    problems = []
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages):
        size = (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        if size != A4_POINTS:
            problems.append(f"page {number + 1} is {size[0]}x{size[1]} pt, not A4 portrait")
    runs = pdf_text_runs(pdf)
    if not runs:
        problems.append("the PDF has no text")
    # Sideways only: pypdf's y of Chromium's nested text matrices is not the position on the
    # page, and a page break moves what is below the paper onto the next page anyway.
    problems += [
        f"page {p + 1}: “{t[:40]}” off the paper at x={round(x)}"
        for p, x, w, _y, t in runs
        if x < 0 or x > w - 4
    ]
    return problems, runs


def layout_problems(layout: dict) -> list[str]:
    problems = [f"wider than A4: {item}" for item in layout["over"]]
    if layout["scrollWidth"] > layout["width"]:
        problems.append(f"wider than A4: the page is {layout['scrollWidth']} px > {layout['width']}")
    if any(d != "table-header-group" for d in layout["thead"]):
        problems.append("a table's headings do not repeat on each printed page")
    if any(d != "table-row-group" for d in layout["tfoot"]):
        problems.append("a table's totals print under each part instead of once")
    return problems


def _unprinted(folded: list[str], runs: list[tuple]) -> list[str]:
    text = "".join(t for *_rest, t in runs).replace(" ", "")
    return [f"folded part “{words}” not printed" for words in folded if words.replace(" ", "") not in text]


def print_page(page) -> tuple[list[str], list[tuple]]:
    """The A4 check of the page open in ``page`` (sync Playwright); left in screen media."""
    size = page.viewport_size
    page.set_viewport_size({"width": A4_CONTENT_PX, "height": 1000})
    page.emulate_media(media="print")
    try:
        problems = layout_problems(page.evaluate(PRINT_LAYOUT_JS))
        folded = page.evaluate(FOLDED_JS)
        pdf_found, runs = pdf_problems(page.pdf(**PDF_OPTIONS))
    finally:
        page.emulate_media(media="screen")
        page.set_viewport_size(size)
    return problems + pdf_found + _unprinted(folded, runs), runs


async def print_page_async(page) -> tuple[list[str], list[tuple]]:
    """The same check with async Playwright (the visual harness)."""
    size = page.viewport_size
    await page.set_viewport_size({"width": A4_CONTENT_PX, "height": 1000})
    await page.emulate_media(media="print")
    try:
        problems = layout_problems(await page.evaluate(PRINT_LAYOUT_JS))
        folded = await page.evaluate(FOLDED_JS)
        pdf_found, runs = pdf_problems(await page.pdf(**PDF_OPTIONS))
    finally:
        await page.emulate_media(media="screen")
        await page.set_viewport_size(size)
    return problems + pdf_found + _unprinted(folded, runs), runs
