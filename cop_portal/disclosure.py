"""Disclosure control: the one rule for every figure about people shown beyond coordinators.

Two tools, both here and nowhere else (a page that shows a count of people to members,
organisers or visitors uses one of them; ``tests/disclosure_solver.py`` attacks each output):

**Rounding** (``publish``), for public figures (``/insights/public/``, the counts visitors see
on meeting pages): keyed random rounding to base 5. Every count is rounded on its own, from its
true value, to a multiple of ``BASE``:

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

**Small-group suppression** (``suppress``), for exact breakdowns shown to a bounded audience
(election turnout, a branch's activity for its members, feedback results for organisers): a
group is shown only when each of its counts of people reaches ``MIN_GROUP`` (primary
suppression); the hidden groups are shown combined, and when the combination is itself small
the smallest shown groups join it until it is not (secondary suppression), so the total minus
the shown groups gives only a combination of at least ``MIN_GROUP``, never one small group.
When the total itself is small nothing is shown, nor any figure computed from it (a mean of
three ratings is three ratings).

The rule is public (this docstring), the key is not. Changing ``SECRET_KEY`` redraws every
rounding: a reader who saved the page before and after would hold two roundings of the same
counts, so rotate it with that in mind (the figures themselves move on as data comes in).
``tests/insights/test_disclosure.py`` attacks everything public with the linear constraints a
reader knows (rows and columns add up to their totals; the years add up to all time; the same
month under any filter is the same month; each meeting page's count) and checks that no count
of 1 to 4 can be pinned down; the same solver (``tests/disclosure_solver.py``) attacks turnout
(``tests/coordinators/test_turnout_disclosure.py``), branch activity
(``tests/branches/test_suppression.py``) and feedback results
(``tests/feedback/test_results_disclosure.py``), each beside a test that shows it recovering
groups when secondary suppression is taken away.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.utils import timezone

BASE = 5  # public counts are published as multiples of this
MIN_GROUP = 5  # the smallest group of people whose exact count (or mean) is shown
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


# --- small-group suppression ---------------------------------------------------------------------

Counts = tuple[int, ...]


def _add(a: Counts, b: Counts) -> Counts:
    return tuple(x + y for x, y in zip(a, b, strict=True))


@dataclass
class Suppression:
    """What may be shown of one breakdown: ``shown`` groups as they are (in the given order),
    the ``other`` groups combined (None when nothing is hidden or nothing is shown) and the
    ``total`` (None when it is itself too small: then nothing is shown)."""

    shown: list[tuple[Hashable, Counts]] = field(default_factory=list)
    other: Counts | None = None
    total: Counts | None = None
    hidden: list[Hashable] = field(default_factory=list)

    @property
    def withheld(self) -> bool:
        """Someone is counted but nothing may be shown."""
        return self.total is None and bool(self.hidden)


def is_safe(people: Iterable[int]) -> bool:
    """Every count of people reaches ``MIN_GROUP``."""
    return all(n >= MIN_GROUP for n in people)


def suppress(
    groups: Mapping[Hashable, Counts] | Sequence[tuple[Hashable, Counts]],
    *,
    people: Callable[[Counts], Iterable[int]] = lambda counts: counts,
) -> Suppression:
    """Primary and secondary suppression of one breakdown.

    ``groups``: each group's figures as a tuple of integers that add up across groups (people,
    or a sum of their answers); ``people(figures)``: the counts of people among them that must
    each reach ``MIN_GROUP`` (by default all of them; a group of voters passes ``(voted,
    did not vote)``, a group of ratings ``(answers, sum)`` passes only the answers). Groups with
    nobody in them are dropped. The hidden groups' combination is shown only beside at least
    one shown group and is then safe itself, so subtraction gives nothing smaller back.
    """
    items = [(key, tuple(v)) for key, v in (groups.items() if isinstance(groups, Mapping) else groups)]
    items = [(key, v) for key, v in items if any(v)]
    if not items:
        return Suppression()
    total = items[0][1]
    for _key, v in items[1:]:
        total = _add(total, v)
    if not is_safe(people(total)):
        return Suppression(hidden=[key for key, _v in items])
    order = {key: i for i, (key, _v) in enumerate(items)}
    shown = sorted(
        ((key, v) for key, v in items if is_safe(people(v))), key=lambda g: (sum(people(g[1])), str(g[0]))
    )
    hidden = [(key, v) for key, v in items if not is_safe(people(v))]
    if not hidden:
        return Suppression(shown=items, total=total)

    def combined() -> Counts:
        out = hidden[0][1]
        for _key, v in hidden[1:]:
            out = _add(out, v)
        return out

    while shown and not is_safe(people(combined())):
        hidden.append(shown.pop(0))
    shown.sort(key=lambda g: order[g[0]])
    hidden_keys = sorted((key for key, _v in hidden), key=order.__getitem__)
    return Suppression(shown=shown, other=combined() if shown else None, total=total, hidden=hidden_keys)
