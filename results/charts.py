"""An inline SVG line chart of shares (0–100 %) per year, drawn to read at 360 px wide."""

from __future__ import annotations

WIDTH, HEIGHT = 320, 160
LEFT, RIGHT, TOP, BOTTOM = 34, 22, 10, 24


def share_chart(years: list[int], series: list[tuple[str, list[int | None]]]) -> dict:
    """Coordinates for ``series`` [(name, [share or None per year])]: points, gridlines, labels."""
    if not years:
        return {}
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return LEFT + (span_x * i / (len(years) - 1) if len(years) > 1 else span_x / 2)

    def y(value: float) -> float:
        return TOP + span_y * (1 - value / 100)

    lines = []
    for index, (name, values) in enumerate(series):
        points = [(round(x(i), 1), round(y(v), 1), v) for i, v in enumerate(values) if v is not None]
        lines.append(
            {
                "name": name,
                "index": index,
                "points": points,
                "path": " ".join(f"{px},{py}" for px, py, _v in points),
            }
        )
    grid = [{"y": round(y(v), 1), "label": f"{v}%"} for v in (0, 50, 100)]
    ticks = [{"x": round(x(i), 1), "label": str(year)} for i, year in enumerate(years)]
    return {"width": WIDTH, "height": HEIGHT, "lines": lines, "grid": grid, "ticks": ticks, "left": LEFT,
            "right": WIDTH - RIGHT, "base": HEIGHT - BOTTOM}  # fmt: skip
