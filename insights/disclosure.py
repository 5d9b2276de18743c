"""Statistical disclosure control of the public figures: keyed random rounding to base 5.

Every count the public page shows (cells, row totals, column totals, the grand total) is
rounded on its own, from its true value, to a multiple of ``BASE``:

* a multiple of 5 (0 included) is published as it is: a zero stays zero, so an empty cell
  never looks like a small one;
* any other count ``v = 5q + r`` is published as ``5q + 5`` with probability ``r / 5`` and as
  ``5q`` otherwise (unbiased: on average the published value is the true one), so a count of
  1 to 4 people reads 0 or 5;
* the "random" number is an HMAC of the cell's identity (what it counts, not where it is shown)
  under a key derived from ``SECRET_KEY``. The same cell has the same published value on every
  reload, in every section, table, CSV and chart and under every filter that shows it:
  asking again gives nothing new to average. Without the key a reader cannot tell which way a
  cell was rounded.

Totals are rounded from the true totals, not summed from rounded cells, so a table need not
add up; that is the price of not letting "total minus the other cells" give a cell back.
Percentages are computed from the published figures.

The rule is public (this docstring), the key is not. Changing ``SECRET_KEY`` redraws every
rounding: a reader who saved the page before and after would hold two roundings of the same
counts, so rotate it with that in mind (the figures themselves move on as data comes in). ``tests/insights/test_disclosure.py``
attacks everything public with the linear constraints a reader knows (rows and columns add
up to their totals; the years add up to all time; the same month under any filter is the
same month) and checks that no count of 1 to 4 can be pinned down.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils import timezone

BASE = 5
ALL = "*"  # an identity part meaning "every group" (the totals)


@lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    return hmac.new(secret.encode(), b"cop-insights-disclosure-rounding", hashlib.sha256).digest()


def _unit(identity: tuple) -> float:
    """A number in [0, 1) fixed by the identity and the key, uniform for anyone without the key."""
    message = "\x1f".join(str(part) for part in identity).encode()
    digest = hmac.new(_key(settings.SECRET_KEY), message, hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def publish(identity: tuple, value: int) -> int:
    """The published value of a count of ``value`` for the cell ``identity``."""
    value = int(value)
    if value <= 0:
        return 0
    rest = value % BASE
    if rest == 0:
        return value
    down = value - rest
    return down + BASE if _unit(identity) * BASE < rest else down


@dataclass(frozen=True)
class Cells:
    """Names the cells of one public table so that equal quantities share one identity.

    ``measure``: what is counted ("attendance", "members"); ``period``: the filters' period as
    text; ``dimension``: what the rows are ("level", "month", ...). A month's row counts the same
    people under any year filter, so its period is the month itself; the column totals and the
    grand total are the same figures in every table of the measure, so they name no dimension.
    """

    measure: str
    period: str
    dimension: str

    def cell(self, row_key: str, column: str) -> tuple:
        period = "month" if self.dimension == "month" else self.period
        return (self.measure, period, self.dimension, row_key, column)

    def total(self, column: str) -> tuple:
        return (self.measure, self.period, ALL, ALL, column)


def _day(moment: dt.datetime) -> str:
    return timezone.localtime(moment).date().isoformat()


def attendance_period(start: dt.datetime | None, end: dt.datetime | None) -> str:
    """The period of meeting attendance (meetings held from ``start`` to before ``end``)."""
    return f"{_day(start) if start else ''}..{_day(end) if end else ''}"


def members_period(end: dt.datetime | None) -> str:
    """Members are counted as at the end of the period; a period not yet over counts them now."""
    if end is None or end > timezone.now():
        return "now"
    return f"..{_day(end)}"


def round_table(table, cells: Cells) -> None:
    """Replace the true counts of a gender table (``tables.Table``) by their published values."""
    columns = [key for key, _label in table.columns]
    for row in table.rows:
        row.total = publish(cells.cell(row.key, ALL), row.total)
        row.cells = [publish(cells.cell(row.key, c), v) for c, v in zip(columns, row.cells, strict=True)]
    if table.totals is not None:
        totals = table.totals
        totals.total = publish(cells.total(ALL), totals.total)
        totals.cells = [publish(cells.total(c), v) for c, v in zip(columns, totals.cells, strict=True)]
