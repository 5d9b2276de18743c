"""The public election page never shows a turnout group under 5 people, nor one that the
overall figure minus the shown groups would give away."""

import random
import re

import pytest

from coordinators import selectors
from cop_portal import disclosure
from tests.factories import ElectionFactory

pytestmark = pytest.mark.django_db

MIN = disclosure.MIN_GROUP


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
    hidden = [r for r in rows if r not in shown and r["eligible"]]  # an empty group is no group
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


def attack(voters) -> tuple[list, list]:
    """An exact attacker (tests/disclosure_solver.py) with everything the page shows:
    the overall figures, the groups shown in each breakdown and each breakdown's combined row,
    the knowledge that both breakdowns split the same voters, and which groups have nobody
    eligible. Returns the hidden voters or non-voters of 1 to 4 with a unique feasible value,
    and all such targets."""
    from tests.disclosure_solver import BIG, Solver

    solver, truth, targets = Solver(), {}, []
    overall_v = sum(v for _g, _l, v in voters)
    for b, keys in ((0, "abcde"), (1, "xyz")):
        groups = {
            k: [sum(1 for p in voters if p[b] == k), sum(1 for p in voters if p[b] == k and p[2])]
            for k in keys
        }
        rows = [{"key": k, "eligible": e, "voted": v} for k, (e, v) in groups.items() if e]
        shown, other = selectors.turnout_rows_public(rows)
        for k, (e, v) in groups.items():
            truth[(b, k, "v")], truth[(b, k, "n")] = v, e - v
            solver.bound((b, k, "v"), 0, BIG if e else 0)
            solver.bound((b, k, "n"), 0, BIG if e else 0)
        for r in shown:
            solver.bound((b, r["key"], "v"), r["voted"], r["voted"])
            solver.bound((b, r["key"], "n"), r["eligible"] - r["voted"], r["eligible"] - r["voted"])
        hidden = [k for k in keys if k not in {r["key"] for r in shown}]
        if other is not None:
            solver.sum_equals(("other", b, "v"), [(b, k, "v") for k in hidden])
            solver.sum_equals(("other", b, "n"), [(b, k, "n") for k in hidden])
            solver.bound(("other", b, "v"), other["voted"], other["voted"])
            solver.bound(
                ("other", b, "n"), other["eligible"] - other["voted"], other["eligible"] - other["voted"]
            )
        solver.sum_equals(("overall", "v"), [(b, k, "v") for k in keys])
        solver.sum_equals(("overall", "n"), [(b, k, "n") for k in keys])
        targets += [(b, k, part) for k in hidden for part in "vn" if 1 <= truth[(b, k, part)] <= 4]
    solver.bound(("overall", "v"), overall_v, overall_v)
    solver.bound(("overall", "n"), len(voters) - overall_v, len(voters) - overall_v)
    return solver.recovered(truth, targets), targets


@pytest.mark.parametrize("seed", range(60))
def test_no_small_group_is_recovered_from_both_breakdowns_and_the_overall(seed):
    rng = random.Random(seed)
    voters = [(rng.choice("abcde"), rng.choice("xyz"), rng.random() < 0.6) for _ in range(rng.randint(8, 60))]
    recovered, _targets = attack(voters)
    assert recovered == []


def test_the_attack_recovers_a_group_without_secondary_suppression(monkeypatch):
    """The attacker has teeth: combining the small groups without making the combination
    large enough (primary suppression alone) gives a lone small group back."""

    def primary_only(groups, *, people=lambda v: v):
        items = list(groups.items())
        shown = [(k, v) for k, v in items if disclosure.is_safe(people(v))]
        rest = [v for k, v in items if not disclosure.is_safe(people(v)) and any(v)]
        other = tuple(map(sum, zip(*rest, strict=True))) if rest else None
        return disclosure.Suppression(shown=shown, other=other, total=(0,))

    monkeypatch.setattr(disclosure, "suppress", primary_only)
    voters = [("a", "x", i % 3 != 0) for i in range(30)] + [("b", "y", True), ("b", "y", False)]
    recovered, targets = attack(voters)
    assert targets and recovered
