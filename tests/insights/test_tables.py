"""The rounding of the public tables (cop_portal/disclosure.py) and the merged gender columns."""

import pytest

from cop_portal import disclosure
from cop_portal.disclosure import Cells, publish
from insights.tables import gender_table


def test_zero_and_multiples_of_five_are_published_as_they_are():
    for value in (0, 5, 10, 35, 1000):
        assert publish(("any", value), value) == value


@pytest.mark.parametrize("value", [1, 2, 3, 4, 6, 9, 12, 99])
def test_other_counts_go_to_a_neighbouring_multiple_of_five(value):
    published = {publish(("cell", i), value) for i in range(200)}
    assert published == {value // 5 * 5, value // 5 * 5 + 5}  # both ways occur over many cells


def test_small_counts_publish_as_zero_or_five_at_the_unbiased_rate():
    """A count of 3 reads 5 for about 3 cells in 5 (keyed, so a fixed fraction for a key)."""
    share = sum(publish(("cell", i), 3) == 5 for i in range(4000)) / 4000
    assert 0.55 < share < 0.65


def test_the_same_cell_is_rounded_the_same_way_every_time_and_the_key_decides(settings):
    first = [publish(("attendance", "all", "level", "central", i), 7) for i in range(50)]
    assert first == [publish(("attendance", "all", "level", "central", i), 7) for i in range(50)]
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789-abcdef"
    assert first != [publish(("attendance", "all", "level", "central", i), 7) for i in range(50)]


def test_totals_are_rounded_from_the_true_totals_not_summed(monkeypatch):
    seen = {}
    monkeypatch.setattr(disclosure, "publish", lambda identity, value: seen.setdefault(identity, value))
    grouped = [{"k": "a", "gender": "woman", "n": 3}, {"k": "b", "gender": "man", "n": 4}]
    gender_table(
        grouped,
        slug="s",
        title="t",
        row_header="r",
        key=lambda r: r["k"],
        label=str,
        public=Cells("attendance", "2026", "level"),
    )
    assert seen[("attendance", "2026", "*", "*", "*")] == 7  # the grand total, from the truth
    assert seen[("attendance", "2026", "level", "a", "*")] == 3
    assert seen[("attendance", "2026", "*", "*", "man")] == 4


def test_public_tables_merge_another_identity_undisclosed_and_not_stated(monkeypatch):
    monkeypatch.setattr(disclosure, "publish", lambda identity, value: value)
    grouped = [
        {"k": "a", "gender": "woman", "n": 7},
        {"k": "a", "gender": "another", "n": 2},
        {"k": "a", "gender": "undisclosed", "n": 2},
        {"k": "a", "gender": "", "n": 2},
        {"k": "a", "gender": "man", "n": 6},
    ]
    table = gender_table(
        grouped,
        slug="s",
        title="t",
        row_header="r",
        key=lambda r: r["k"],
        label=str,
        public=Cells("attendance", "all", "level"),
    )
    assert table.rows[0].cells == [7, 6, 6]
    assert table.rows[0].total == 19


def test_a_month_is_the_same_cell_under_every_period():
    assert Cells("attendance", "all", "month").cell("2026-01", "woman") == Cells(
        "attendance", "2026-01-01..2027-01-01", "month"
    ).cell("2026-01", "woman")
    assert Cells("attendance", "all", "level").cell("1", "woman") != Cells(
        "attendance", "2026-01-01..2027-01-01", "level"
    ).cell("1", "woman")
