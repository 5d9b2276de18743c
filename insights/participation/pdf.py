"""Certificates as PDF: ReportLab (pure Python) with DejaVu Sans embedded for Cyrillic,
and a QR code of the verification URL drawn from segno's matrix (no image library)."""

from __future__ import annotations

import io
from pathlib import Path

import segno
from django.conf import settings
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "fonts"
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"


def _register_fonts() -> None:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def _qr(c: canvas.Canvas, url: str, x: float, y: float, size: float) -> None:
    matrix = segno.make(url, error="m").matrix
    cell = size / len(matrix)
    c.setFillGray(0)
    for row, line in enumerate(matrix):
        for col, dark in enumerate(line):
            if dark:
                c.rect(x + col * cell, y + size - (row + 1) * cell, cell, cell, stroke=0, fill=1)


def _wrap(
    c: canvas.Canvas, text: str, x: float, y: float, width: float, *, font=FONT, size=11, leading=15
) -> float:
    """Draw ``text`` wrapped to ``width``; return the y below it."""
    words, line = text.split(), ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if pdfmetrics.stringWidth(candidate, font, size) > width and line:
            c.setFont(font, size)
            c.drawString(x, y, line)
            y -= leading
            line = word
        else:
            line = candidate
    if line:
        c.setFont(font, size)
        c.drawString(x, y, line)
        y -= leading
    return y


def render(
    *,
    title: str,
    heading: str,
    name: str,
    lines: list[str],
    signatories: list[str],
    footer: str,
    verify_url: str,
) -> bytes:
    """One A4 page: the CoP's name, a title, the person, the facts, the coordinators of the
    year, and the verification URL with its QR code."""
    _register_fonts()
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.setTitle(title)
    c.setAuthor(heading)
    width, height = A4
    left, usable = 25 * mm, width - 50 * mm
    c.setStrokeGray(0.6)
    c.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    y = height - 35 * mm
    y = _wrap(c, heading, left, y, usable, font=FONT_BOLD, size=13, leading=17) - 10 * mm
    c.setFont(FONT_BOLD, 22)
    c.drawString(left, y, title)
    y -= 16 * mm
    c.setFont(FONT_BOLD, 18)
    c.drawString(left, y, name)
    y -= 12 * mm
    for text in lines:
        y = _wrap(c, text, left, y, usable) - 2 * mm
    if signatories:
        y -= 8 * mm
        for text in signatories:
            y = _wrap(c, text, left, y, usable, size=10, leading=13)
    qr_size = 32 * mm
    _qr(c, verify_url, width - left - qr_size, 22 * mm, qr_size)
    _wrap(c, footer, left, 44 * mm, usable - qr_size - 5 * mm, size=9, leading=12)
    c.setFont(FONT, 6.5)
    c.drawString(left, 16 * mm, verify_url)
    c.showPage()
    c.save()
    return buffer.getvalue()
