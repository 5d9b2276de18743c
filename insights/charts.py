"""Server-side SVG charts: stacked columns (with an optional share line), stacked bars, lines.

The SVG is a picture of the data table printed beneath it; it needs no JavaScript. It is drawn
at its own size (one SVG unit = one CSS pixel), so its 12 px text is 12 px at every width; a
chart wider than a phone scrolls sideways inside its box.
"""

from itertools import count

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .tables import escaped

PALETTE = {
    "woman": "#6b2c91",
    "man": "#d97706",
    "another": "#0f766e",
    "undisclosed": "#64748b",
    "": "#cbd5e1",
    "other": "#64748b",
    "members_total": "#6b2c91",
    "branches_total": "#0f766e",
}
FALLBACK = ["#6b2c91", "#d97706", "#0f766e", "#64748b", "#cbd5e1"]
LINE_COLOUR = "#b91c1c"
FONT = 'font-family="system-ui, sans-serif"'
# The narrowest screen (360 px) less the page's padding: a chart this wide never scrolls.
MIN_WIDTH = 320
LEGEND_WIDTH = MIN_WIDTH

_ids = count(1)


def _colour(key: str, i: int) -> str:
    return PALETTE.get(key, FALLBACK[i % len(FALLBACK)])


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000):
        if value <= step * 4:
            return step * 4 if value > step * 2 else step * 2 if value > step else step
    return value


def _open(width: int, height: int, title: str, desc: str, test_id: str) -> tuple[str, str]:
    uid = f"chart-{next(_ids)}"
    head = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="insights-chart" role="img" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" preserveAspectRatio="xMinYMin meet" '
        'aria-labelledby="{uid}-t {uid}-d" data-testid="{tid}" {font} font-size="12">'
        '<title id="{uid}-t">{title}</title><desc id="{uid}-d">{desc}</desc>',
        w=width,
        h=height,
        uid=uid,
        tid=test_id,
        title=title,
        desc=desc,
        font=mark_safe(FONT),
    )
    return head, "</svg>"


def _legend(series: list[tuple[str, str, list]], width: int, line_label: str = "") -> tuple[str, int]:
    """The legend, wrapped onto as many lines as the width needs; returns (svg, height)."""
    items = [(_colour(key, i), str(label), False) for i, (key, label, _values) in enumerate(series)]
    if line_label:
        items.append((LINE_COLOUR, str(line_label), True))
    # Wrapped within the first LEGEND_WIDTH px, so the whole legend is on a phone's screen even
    # when the plot is wider and scrolls; 8 px per character is wide enough for Cyrillic at 12 px.
    wrap = min(width, LEGEND_WIDTH)
    parts, x, y = [], 8, 6
    for colour, label, is_line in items:
        item_w = 30 + 8 * len(label)
        if x > 8 and x + item_w > wrap:
            x, y = 8, y + 18
        if is_line:
            mark = format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"/>',
                x,
                y + 6,
                x + 12,
                y + 6,
                colour,
            )
        else:
            mark = format_html('<rect x="{}" y="{}" width="12" height="12" fill="{}"/>', x, y, colour)
        parts.append(mark + format_html('<text x="{}" y="{}">{}</text>', x + 16, y + 10, label))
        x += item_w
    return '<g class="chart-legend">' + "".join(parts) + "</g>", y + 18


def _wrap(label: str, width: int, lines: int = 2) -> list[str]:
    """``label`` on at most ``lines`` lines of ``width`` px (8 px a character, as the legend), the
    last cut with an ellipsis if it is longer still: the full name is in the bar's tooltip and
    the table under the chart."""
    chars = max(width // 8, 8)
    out, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > chars:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    out.append(line)
    if len(out) > lines:
        out = out[: lines - 1] + [" ".join(out[lines - 1 :])]
    return [text if len(text) <= chars else text[: chars - 1].rstrip() + "…" for text in out]


def _value(v) -> float:
    return float(v) if v is not None else 0.0


def stacked_columns(
    *,
    title: str,
    desc: str,
    labels: list[str],
    series: list[tuple[str, str, list]],
    line: tuple[str, list] | None = None,
    test_id: str = "chart",
) -> SafeString:
    """Vertical stacked columns, one per label; ``line`` = (label, percentages 0..100 or None)."""
    n = max(len(labels), 1)
    left, right, bottom = 44, 40 if line else 12, 52  # room for the slanted labels' descenders
    col = 26
    width = max(MIN_WIDTH, left + right + n * col)
    legend, legend_h = _legend(series, width, line[0] if line else "")
    top = legend_h + 12
    height = top + 180 + bottom
    plot_h = height - top - bottom
    totals = [sum(_value(s[2][i]) for s in series) for i in range(len(labels))]
    ymax = _nice_max(max(totals, default=0))
    head, tail = _open(width, height, title, desc, test_id)
    out = [head, legend]
    for k in range(5):  # grid and axis ticks
        v = ymax * k / 4
        y = top + plot_h - plot_h * k / 4
        out.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#e5e7eb"/>'
                '<text x="{}" y="{}" text-anchor="end" fill="#374151">{}</text>',
                left,
                width - right,
                y,
                y,
                left - 4,
                y + 4,
                f"{v:g}",
            )
        )
        if line:
            out.append(
                format_html(
                    '<text x="{}" y="{}" fill="{}">{}%</text>', width - right + 4, y + 4, LINE_COLOUR, 25 * k
                )
            )
    for i, label in enumerate(labels):
        x = left + i * col + 3
        y = top + plot_h
        for j, (key, name, values) in enumerate(series):
            v = _value(values[i])
            if v <= 0:
                continue
            h = plot_h * v / ymax
            y -= h
            out.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} · {}: {}</title></rect>',
                    x,
                    f"{y:.1f}",
                    col - 6,
                    f"{h:.1f}",
                    _colour(key, j),
                    label,
                    name,
                    f"{v:g}",
                )
            )
        out.append(
            format_html(
                '<text x="{}" y="{}" transform="rotate(-60 {} {})" text-anchor="end" font-size="10">{}</text>',
                x + 10,
                top + plot_h + 12,
                x + 10,
                top + plot_h + 12,
                label,
            )
        )
    if line:
        points = [
            f"{left + i * col + col / 2:.1f},{top + plot_h - plot_h * p / 100:.1f}"
            for i, p in enumerate(line[1])
            if p is not None
        ]
        if points:
            out.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                    " ".join(points),
                    LINE_COLOUR,
                )
            )
            for pt in points:
                cx, cy = pt.split(",")
                out.append(format_html('<circle cx="{}" cy="{}" r="2.5" fill="{}"/>', cx, cy, LINE_COLOUR))
    out.append(tail)
    return mark_safe("".join(str(p) for p in out))


def stacked_bars(
    *,
    title: str,
    desc: str,
    labels: list[str],
    series: list[tuple[str, str, list]],
    end_labels: list[str] | None = None,
    test_id: str = "chart",
) -> SafeString:
    """Horizontal stacked bars with the label above each bar: long names fit on a phone.

    ``end_labels`` replace the sums printed after the bars (e.g. a total rounded on its own).
    """
    width, left, right, row_h = MIN_WIDTH, 4, 40, 34
    legend, legend_h = _legend(series, width)
    top = legend_h + 6
    # A name longer than the chart is wide goes onto a second line above its bar, never past the edge.
    wrapped = [_wrap(str(label), width - left - 4) for label in labels]
    line_h = 14
    rows = [top]
    for lines in wrapped:
        rows.append(rows[-1] + row_h + line_h * (len(lines) - 1))
    height = (rows[-1] if labels else top + row_h) + 6
    totals = [sum(_value(s[2][i]) for s in series) for i in range(len(labels))]
    xmax = max(totals, default=0) or 1
    plot_w = width - left - right
    head, tail = _open(width, height, title, desc, test_id)
    out = [head, legend]
    # One bar per organisation on the public page and the report (hundreds): the texts are
    # escaped once each (as format_html would) and the numbers, made here, need none.
    names = [escaped(name) for _key, name, _values in series]
    colours = [_colour(key, j) for j, (key, _name, _values) in enumerate(series)]
    for i, label in enumerate(labels):
        y = rows[i] + line_h * (len(wrapped[i]) - 1)  # the bar's row, under the name's last line
        for k, text in enumerate(wrapped[i]):
            out.append(
                f'<text x="{left}" y="{rows[i] + 11 + line_h * k}" fill="#111827">{escaped(text)}</text>'
            )
        x = left
        shown = escaped(label)
        for j, (_key, _name, values) in enumerate(series):
            v = _value(values[i])
            if v <= 0:
                continue
            w = plot_w * v / xmax
            out.append(
                f'<rect x="{x:.1f}" y="{y + 15}" width="{w:.1f}" height="14" fill="{colours[j]}">'
                f"<title>{shown} · {names[j]}: {v:g}</title></rect>"
            )
            x += w
        end = escaped(end_labels[i] if end_labels else f"{totals[i]:g}")
        out.append(f'<text x="{x + 4:.1f}" y="{y + 26}" fill="#374151">{end}</text>')
    out.append(tail)
    return mark_safe("".join(str(p) for p in out))


def line_chart(
    *, title: str, desc: str, labels: list[str], series: list[tuple[str, str, list]], test_id: str = "chart"
) -> SafeString:
    """Lines over the labels (e.g. running totals per year)."""
    n = max(len(labels), 1)
    left, right, bottom = 44, 16, 28
    step = 48
    width = max(MIN_WIDTH, left + right + n * step)
    legend, legend_h = _legend(series, width)
    top = legend_h + 12
    height = top + 170 + bottom
    plot_h = height - top - bottom
    ymax = _nice_max(max((_value(v) for s in series for v in s[2]), default=0))
    head, tail = _open(width, height, title, desc, test_id)
    out = [head, legend]
    for k in range(5):
        y = top + plot_h - plot_h * k / 4
        out.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#e5e7eb"/>'
                '<text x="{}" y="{}" text-anchor="end" fill="#374151">{}</text>',
                left,
                width - right,
                y,
                y,
                left - 4,
                y + 4,
                f"{ymax * k / 4:g}",
            )
        )
    for i, label in enumerate(labels):
        out.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle">{}</text>',
                left + i * step + step / 2,
                height - 8,
                label,
            )
        )
    for j, (key, name, values) in enumerate(series):
        pts = [
            (left + i * step + step / 2, top + plot_h - plot_h * _value(v) / ymax)
            for i, v in enumerate(values)
        ]
        if pts:
            out.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"/>',
                    " ".join(f"{x:.1f},{y:.1f}" for x, y in pts),
                    _colour(key, j),
                )
            )
        for (x, y), v in zip(pts, values, strict=True):
            out.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}: {}</title></circle>',
                    f"{x:.1f}",
                    f"{y:.1f}",
                    _colour(key, j),
                    name,
                    f"{_value(v):g}",
                )
            )
    out.append(tail)
    return mark_safe("".join(str(p) for p in out))
