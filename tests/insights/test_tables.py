"""Small-cell suppression of the public tables."""

import random

import pytest

from insights.tables import Row, Table, gender_table, suppress_small_cells


def make_table(cells: list[list[int]]) -> Table:
    body = [Row(label=f"r{i}", cells=list(c), total=sum(c)) for i, c in enumerate(cells)]
    sums = [sum(c[j] for c in cells) for j in range(len(cells[0]))]
    totals = Row(label="total", cells=sums, total=sum(sums))
    columns = [(f"c{j}", f"c{j}") for j in range(len(cells[0]))]
    return Table(slug="t", title="t", row_header="r", columns=columns, rows=body, totals=totals)


def lines(table: Table) -> list[list]:
    """Every row and column with its marginal total."""
    all_rows = [*table.rows, table.totals]
    out = [[*r.cells, r.total] for r in all_rows]
    for j in range(len(table.columns)):
        out.append([r.cells[j] for r in all_rows])
    out.append([r.total for r in all_rows])
    return out


def test_counts_of_one_to_four_are_hidden_zero_and_five_are_shown():
    table = suppress_small_cells(make_table([[5, 0, 20], [9, 0, 6]]))
    assert table.rows[0].cells == [5, 0, 20]
    table = suppress_small_cells(make_table([[4, 1, 20], [9, 7, 6]]))
    assert table.rows[0].cells[:2] == [None, None]


def test_a_single_hidden_cell_in_a_row_hides_the_row_total():
    table = suppress_small_cells(make_table([[3, 10, 20], [3, 10, 20]]))
    assert table.rows[0].cells[0] is None
    assert table.rows[0].total is None  # else 33 - 10 - 20 = 3


def test_a_single_hidden_cell_in_a_column_is_protected_against_subtraction():
    table = suppress_small_cells(make_table([[3, 10, 20], [12, 10, 20], [15, 9, 8]]))
    column = [r.cells[0] for r in [*table.rows, table.totals]]
    assert column.count(None) >= 2


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_count_can_be_recovered_from_one_line(seed):
    rng = random.Random(seed)
    cells = [
        [rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 14, 30]) for _ in range(3)] for _ in range(rng.randint(1, 6))
    ]
    table = suppress_small_cells(make_table(cells))
    for line in lines(table):
        assert line.count(None) != 1, (cells, line)
    for r, original in zip(table.rows, cells, strict=True):
        for shown, real in zip(r.cells, original, strict=True):
            assert shown is None or not (0 < shown < 5)
            assert shown is None or shown == real


def test_public_tables_merge_another_identity_undisclosed_and_not_stated():
    grouped = [
        {"k": "a", "gender": "woman", "n": 7},
        {"k": "a", "gender": "another", "n": 2},
        {"k": "a", "gender": "undisclosed", "n": 2},
        {"k": "a", "gender": "", "n": 2},
        {"k": "a", "gender": "man", "n": 6},
    ]
    table = gender_table(
        grouped, slug="s", title="t", row_header="r", key=lambda r: r["k"], label=str, public=True
    )
    assert table.rows[0].cells == [7, 6, 6]
    assert table.rows[0].total == 19


def test_counts_hidden_only_to_protect_others_read_as_a_dash_not_under_five():
    table = suppress_small_cells(make_table([[3, 10, 20], [12, 10, 20]]))
    assert table.rows[0].shown_cells[0] == "<5"
    assert table.rows[0].shown_total == "—"  # 33 is not under five
