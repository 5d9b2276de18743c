"""The one disclosure module (cop_portal/disclosure.py): its suppression, and that no other
module keeps a small-group threshold of its own."""

import ast
import random
from pathlib import Path

import pytest
from django.conf import settings

from cop_portal.disclosure import MIN_GROUP, is_safe, suppress


def test_groups_at_the_threshold_are_shown_and_nothing_is_combined():
    result = suppress({"a": (MIN_GROUP,), "b": (MIN_GROUP + 3,)})
    assert result.shown == [("a", (5,)), ("b", (8,))] and result.other is None and result.hidden == []


def test_a_small_group_takes_the_smallest_shown_one_with_it():
    result = suppress({"a": (20,), "b": (10,), "c": (2,)})
    assert result.shown == [("a", (20,))] and result.other == (12,) and result.hidden == ["b", "c"]


def test_a_small_total_shows_nothing():
    result = suppress({"a": (3,), "b": (1,)})
    assert result.shown == [] and result.total is None and result.withheld


def test_only_the_counts_of_people_must_reach_the_threshold():
    """A group of answers carries their sum of ratings too; only the answers count people."""
    result = suppress([("w", (6, 30)), ("m", (5, 5))], people=lambda v: v[:1])
    assert [key for key, _v in result.shown] == ["w", "m"]


@pytest.mark.parametrize("seed", range(300))
def test_the_total_minus_the_shown_groups_is_never_a_small_group(seed):
    rng = random.Random(seed)
    groups = {
        f"g{i}": (rng.choice([0, 1, 2, 4, 5, 6, 9, 30]), rng.choice([0, 1, 3, 5, 12])) for i in range(5)
    }
    result = suppress(groups)
    assert all(is_safe(v) for _k, v in result.shown)
    present = {k for k, v in groups.items() if any(v)}
    if result.total is None:
        assert result.shown == [] and not is_safe(tuple(map(sum, zip(*groups.values(), strict=True))))
        return
    hidden = present - {k for k, _v in result.shown}
    assert set(result.hidden) == hidden
    if result.shown and hidden:
        rest = tuple(map(sum, zip(*(groups[k] for k in hidden), strict=True)))
        assert result.other == rest and is_safe(rest) and len(hidden) >= 2
    else:
        assert result.other is None


def test_no_other_module_keeps_a_threshold_of_its_own():
    """``MIN_GROUP = 5`` or ``TURNOUT_MIN_GROUP`` next to a page is how the four copies began."""
    base = Path(settings.BASE_DIR)
    offenders = []
    for path in base.glob("*/**/*.py"):
        parts = path.relative_to(base).parts
        if parts[0] in {".venv", "tests", "var", "node_modules"} or "migrations" in parts:
            continue
        if path == base / "cop_portal" / "disclosure.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
                if any("MIN_GROUP" in n for n in names):
                    offenders.append(f"{path.relative_to(base)}:{node.lineno}")
    assert offenders == []
