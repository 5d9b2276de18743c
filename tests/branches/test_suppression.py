"""Small groups of people on the branch page: merged, never revealed by subtraction."""

import random

import pytest

from branches.selectors import breakdown
from cop_portal.disclosure import MIN_GROUP


def test_a_small_group_is_merged_with_the_next_smallest():
    shown = breakdown({"Эмэгтэй": 20, "Эрэгтэй": 10, "Хэлээгүй": 2})
    assert [(g.label, g.count) for g in shown.rows] == [("Эмэгтэй", 20)]
    assert shown.other == 12 and shown.total == 32 and not shown.hidden


def test_everything_under_the_threshold_shows_nothing():
    shown = breakdown({"Эмэгтэй": 3, "Эрэгтэй": 1})
    assert shown.rows == [] and shown.other == 0 and shown.hidden


def test_groups_at_the_threshold_are_shown_as_they_are():
    shown = breakdown({"a": MIN_GROUP, "b": MIN_GROUP + 1})
    assert [(g.label, g.count) for g in shown.rows] == [("a", MIN_GROUP), ("b", MIN_GROUP + 1)]
    assert shown.other == 0


@pytest.mark.parametrize("seed", range(200))
def test_no_hidden_count_can_be_worked_out(seed):
    rng = random.Random(seed)
    counts = {f"g{i}": rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 20]) for i in range(rng.randint(1, 5))}
    shown = breakdown(counts)
    total = sum(counts.values())
    if shown.hidden or total == 0:
        assert shown.rows == [] and shown.other == 0 and total < MIN_GROUP
        return
    # Every row shown is a true group of at least MIN_GROUP; "other" is empty or at least
    # MIN_GROUP and holds at least two groups (one alone would be its own row by subtraction).
    assert all(g.count >= MIN_GROUP and counts[g.label] == g.count for g in shown.rows)
    assert shown.total == total
    hidden = [label for label, n in counts.items() if n and label not in {g.label for g in shown.rows}]
    assert shown.other == sum(counts[label] for label in hidden)
    assert shown.other == 0 or (shown.other >= MIN_GROUP and len(hidden) >= 2 or not shown.rows)
