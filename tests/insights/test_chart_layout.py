"""Charts fit a 360 px phone: at least as narrow as the screen allows, the legend wrapped within
the first 320 px (on screen even when a long plot scrolls), its items apart."""

import re

from insights import charts

LABELS = ["Эмэгтэй", "Эрэгтэй", "Бусад", "Хүйсээ заагаагүй"]


def _series(n_columns: int):
    keys = ["woman", "man", "another", "undisclosed"]
    return [(k, label, [3] * n_columns) for k, label in zip(keys, LABELS, strict=True)]


def _legend_items(svg: str) -> list[tuple[int, int, str]]:
    texts = re.findall(r'<text x="([\d.]+)" y="([\d.]+)">([^<]+)</text>', svg)
    return [(float(x), float(y), label) for x, y, label in texts if label in LABELS or "Share" in label]


def test_few_columns_and_bars_are_no_wider_than_a_phone():
    few = charts.stacked_columns(title="t", desc="d", labels=["1", "2"], series=_series(2))
    bars = charts.stacked_bars(title="t", desc="d", labels=["Байгууллага"], series=_series(1))
    for svg in (few, bars):
        assert int(re.search(r'width="(\d+)"', svg).group(1)) <= charts.MIN_WIDTH


def test_the_legend_wraps_within_the_first_320_px_and_its_items_do_not_touch():
    svg = charts.stacked_columns(
        title="t",
        desc="d",
        labels=[str(m) for m in range(24)],
        series=_series(24),
        line=("Share of men", [50] * 24),
    )
    assert int(re.search(r'width="(\d+)"', svg).group(1)) > charts.LEGEND_WIDTH  # the plot scrolls
    items = _legend_items(svg)
    assert len(items) == 5
    rows: dict[float, list] = {}
    for x, y, label in items:
        rows.setdefault(y, []).append((x, label))
    for row in rows.values():
        row.sort()
        for (x, label), (next_x, _next) in zip(row, row[1:], strict=False):
            assert x + 8 * len(label) + 8 < next_x  # a gap after the text before the next swatch
        last_x, last_label = row[-1]
        assert last_x + 8 * len(last_label) <= charts.LEGEND_WIDTH


def test_a_long_name_above_its_bar_wraps_onto_two_lines_inside_the_chart():
    name = "Agency for Land Administration and Management, Geodesy and Cartography"
    svg = charts.stacked_bars(title="t", desc="d", labels=[name, "IGG"], series=_series(2))
    width = int(re.search(r'width="(\d+)"', svg).group(1))
    texts = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" fill="#111827">([^<]+)</text>', svg)
    assert [t for *_xy, t in texts] == [
        "Agency for Land Administration and",
        "Management, Geodesy and Cartography",
        "IGG",
    ]
    assert all(float(x) + 8 * len(t) <= width for x, _y, t in texts)
    assert float(texts[1][1]) < float(texts[2][1]) - 30  # the next name is below the bar, not on it
    assert f"<title>{name} · " in svg  # the whole name in the bar's tooltip


def test_a_name_longer_than_two_lines_is_cut_with_an_ellipsis():
    assert charts._wrap("word " * 40, 312)[-1].endswith("…")
    assert len(charts._wrap("word " * 40, 312)) == 2
