"""The public election page never shows a turnout group under 5 people, nor one that the
overall figure minus the shown groups would give away."""

import random
import re

import pytest

from coordinators import selectors
from tests.factories import ElectionFactory

pytestmark = pytest.mark.django_db

MIN = selectors.TURNOUT_MIN_GROUP


def _snapshot(by_gender, by_level):
    def rows(groups):
        return [{"key": k, "eligible": e, "voted": v} for k, (e, v) in groups.items()]

    return {
        "eligible": sum(e for e, _ in by_gender.values()),
        "voted": sum(v for _, v in by_gender.values()),
        "by_gender": rows(by_gender),
        "by_level": rows(by_level),
    }


def _safe(voted, eligible):
    return voted >= MIN and eligible - voted >= MIN


def test_public_turnout_shows_no_group_under_five(client):
    turnout = _snapshot(
        {"woman": (40, 30), "man": (20, 12), "other": (1, 1), "": (3, 1)},
        {"central": (35, 25), "local": (27, 17), "research": (2, 2)},
    )
    election = ElectionFactory(phase="published", turnout=turnout)
    page = client.get(election.get_absolute_url()).content.decode()
    assert 'data-testid="turnout"' in page and 'data-testid="turnout-note"' in page
    tables = page.split('data-testid="turnout"', 1)[1].split('data-testid="turnout-note"', 1)[0]
    cells = re.findall(r"<td>(\d+)</td><td>(\d+)</td>", tables)
    assert cells, "the breakdowns are shown"
    for voted, eligible in cells:
        assert _safe(int(voted), int(eligible)), (voted, eligible)


@pytest.mark.parametrize("seed", range(200))
def test_suppression_leaves_nothing_to_subtract_on_random_turnouts(seed):
    rng = random.Random(seed)
    rows = []
    for key in ["a", "b", "c", "d", "e"][: rng.randint(1, 5)]:
        eligible = rng.choice([rng.randint(0, 8), rng.randint(0, 60)])
        rows.append({"key": key, "eligible": eligible, "voted": rng.randint(0, eligible)})
    shown, other = selectors.turnout_rows_public(rows)
    for row in shown:
        assert _safe(row["voted"], row["eligible"])
    hidden = [r for r in rows if r not in shown]
    if other is not None:
        assert _safe(other["voted"], other["eligible"])
        assert other == {
            "voted": sum(r["voted"] for r in hidden),
            "eligible": sum(r["eligible"] for r in hidden),
        }
    else:
        # Nothing combined is shown: either nothing was hidden or nothing is shown at all.
        assert not hidden or not shown
    # The total minus the shown groups gives the combination, never a single hidden group.
    if len(hidden) == 1 and shown:
        assert _safe(hidden[0]["voted"], hidden[0]["eligible"])
