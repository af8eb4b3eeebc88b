"""IHI run chart rules: hand-worked series and an independent check of the runs table."""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import comb

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_cases import REFERENCE

from qikit.errors import DataError
from qikit.spc.rules import ihi


def g0(n: int) -> np.ndarray:
    return np.zeros(n, dtype=np.int64)


# ---------------------------------------------------------------------------
# Shift: six or more on one side of the median, points on the median skipped
# ---------------------------------------------------------------------------


def test_six_points_above_the_median_are_a_shift_and_five_are_not():
    median = np.full(8, 10.0)
    y = [9, 11, 12, 11, 13, 12, 11, 9]
    assert list(ihi.shift(y, median, g0(8))) == [0, 1, 1, 1, 1, 1, 1, 0]
    y = [9, 11, 12, 11, 13, 12, 9, 9]
    assert list(ihi.shift(y, median, g0(8))) == [0] * 8


def test_points_on_the_median_neither_add_to_nor_break_a_shift():
    median = np.full(9, 10.0)
    # 3 below, one on the median, 3 below: six useful points below, so a shift
    y = [12, 8, 9, 8, 10, 9, 8, 9, 12]
    assert list(ihi.shift(y, median, g0(9))) == [0, -1, -1, -1, 0, -1, -1, -1, 0]
    # five below with two on the median are still only five
    y = [12, 8, 10, 9, 10, 8, 9, 12, 12]
    assert list(ihi.shift(y, median, g0(9))) == [0] * 9


def test_shift_skips_missing_values_but_stops_at_a_group_boundary():
    median = np.full(8, 5.0)
    y = [6, 7, np.nan, 6, 7, 8, 6, 4]
    assert list(ihi.shift(y, median, g0(8))) == [1, 1, 0, 1, 1, 1, 1, 0]
    assert list(ihi.shift(y, median, [0, 0, 0, 1, 1, 1, 1, 1])) == [0] * 8


def test_shift_length_can_be_changed():
    median = np.full(8, 5.0)
    y = [6, 7, 6, 7, 6, 7, 6, 4]
    assert list(ihi.shift(y, median, g0(8), length=8)) == [0] * 8
    assert list(ihi.shift(y, median, g0(8), length=7)) == [1] * 7 + [0]


# ---------------------------------------------------------------------------
# Trend: five or more going the same way, equal neighbours counted once
# ---------------------------------------------------------------------------


def test_five_rising_points_are_a_trend_and_four_are_not():
    assert list(ihi.trend([3, 1, 2, 3, 4, 5, 2], g0(7))) == [0, 1, 1, 1, 1, 1, 0]
    assert list(ihi.trend([3, 1, 2, 3, 4, 2, 2], g0(7))) == [0] * 7


def test_equal_neighbours_count_once_and_do_not_break_a_trend():
    # 9, 8, 8, 7, 6 counts as 9, 8, 7, 6: four points, no trend
    assert list(ihi.trend([9, 8, 8, 7, 6], g0(5))) == [0] * 5
    # 9, 8, 8, 7, 6, 5 counts as five falling points: a trend, both 8s flagged
    assert list(ihi.trend([9, 8, 8, 7, 6, 5, 7], g0(7))) == [-1] * 6 + [0]
    # a long flat stretch inside the trend is still one point
    assert list(ihi.trend([1, 2, 2, 2, 2, 3, 4, 5], g0(8))) == [1] * 8


def test_trends_may_cross_the_median_and_a_shared_peak_takes_the_later_trend():
    y = [1, 2, 3, 4, 5, 4, 3, 2, 1]
    assert list(ihi.trend(y, g0(9))) == [1, 1, 1, 1, -1, -1, -1, -1, -1]


def test_trend_skips_missing_values_and_stops_at_groups():
    y = [1, 2, np.nan, 3, 4, 5]
    assert list(ihi.trend(y, g0(6))) == [1, 1, 0, 1, 1, 1]
    assert list(ihi.trend(y, [0, 0, 0, 1, 1, 1])) == [0] * 6
    # equal values either side of a group boundary are different points
    assert list(ihi.trend([1, 2, 3, 3, 4, 5], [0, 0, 0, 1, 1, 1])) == [0] * 6


# ---------------------------------------------------------------------------
# Runs: too few or too many for the number of useful observations
# ---------------------------------------------------------------------------


def test_twelve_points_in_two_runs_are_too_few():
    y = np.arange(1.0, 13.0)  # all below then all above the median 6.5: 2 runs
    per_point, per_group = ihi.runs(y, np.full(12, 6.5), g0(12))
    row = per_group.iloc[0]
    # Perla et al. Table 1: 3 to 11 runs for 12 useful observations
    assert (row.n_useful, row.n_runs, row.runs_lower, row.runs_upper) == (12, 2, 3, 11)
    assert bool(row.runs_signal) is True
    assert per_point.dtype == bool and per_point.all()


def test_twelve_alternating_points_are_too_many_runs():
    y = np.tile([4.0, 6.0], 6)  # 12 runs of one point each
    per_point, per_group = ihi.runs(y, np.full(12, 5.0), g0(12))
    assert per_group.n_runs.iloc[0] == 12
    assert bool(per_group.runs_signal.iloc[0]) is True
    assert per_point.all()


def test_points_on_the_median_are_not_useful_and_do_not_start_a_run():
    # 13 points, one on the median; the 12 useful ones run  BB AAA BB AA B A B: 7 runs
    median = np.full(13, 5.0)
    y = [4, 3, 6, 7, 5, 6, 4, 4, 7, 6, 3, 8, 2]
    per_point, per_group = ihi.runs(y, median, g0(13))
    row = per_group.iloc[0]
    assert (row.n_useful, row.n_runs) == (12, 7)
    assert (row.runs_lower, row.runs_upper) == (3, 11)
    assert not row.runs_signal and not per_point.any()
    # a point on the median between two points on the same side does not split their run
    y = [4, 5, 4, 6, 6, 6, 4, 4, 6, 6, 4, 6]
    _, per_group = ihi.runs(y, np.full(12, 5.0), g0(12))
    assert (per_group.n_useful.iloc[0], per_group.n_runs.iloc[0]) == (11, 6)


def test_fewer_than_ten_useful_points_gives_no_runs_limits():
    y = [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 5]  # two points on the median 5: 8 useful
    per_point, per_group = ihi.runs(y, np.full(10, 5.0), g0(10))
    row = per_group.iloc[0]
    assert row.n_useful == 8
    assert pd.isna(row.runs_lower) and pd.isna(row.runs_upper)
    assert not row.runs_signal and not per_point.any()


def test_runs_are_counted_per_group_with_missing_values_left_out():
    y = np.concatenate([np.arange(1.0, 13.0), np.tile([4.0, 6.0], 5), [np.nan, 4.0]])
    median = np.concatenate([np.full(12, 6.5), np.full(12, 5.0)])
    group = np.repeat([4, 9], 12)
    per_point, per_group = ihi.runs(y, median, group)
    assert list(per_group.columns) == [
        "group",
        "n_useful",
        "n_runs",
        "runs_lower",
        "runs_upper",
        "runs_signal",
    ]
    assert list(per_group.group) == [4, 9]
    assert list(per_group.n_useful) == [12, 11]
    assert list(per_group.n_runs) == [2, 11]
    assert list(per_group.runs_upper) == [11, 10]  # Perla et al. Table 1, n = 12 and 11
    assert list(per_group.runs_signal) == [True, True]
    assert per_point.all()


def test_no_points_gives_an_empty_table():
    per_point, per_group = ihi.runs(np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64))
    assert per_point.shape == (0,) and len(per_group) == 0


# ---------------------------------------------------------------------------
# The stored runs table against an independent calculation
# ---------------------------------------------------------------------------


def runs_probabilities(n1: int, n2: int) -> dict[int, Fraction]:
    """Exact distribution of the number of runs (Swed and Eisenhart 1943)."""
    total = comb(n1 + n2, n1)
    probabilities = {}
    for r in range(2, n1 + n2 + 1):
        k = r // 2
        if r % 2 == 0:
            ways = 2 * comb(n1 - 1, k - 1) * comb(n2 - 1, k - 1)
        else:
            ways = comb(n1 - 1, k) * comb(n2 - 1, k - 1) + comb(n1 - 1, k - 1) * comb(n2 - 1, k)
        probabilities[r] = Fraction(ways, total)
    return probabilities


def exact_limits(n: int) -> tuple[int, int]:
    """Fewest and most runs expected, each tail holding more than 2.5% (n1 = floor(n/2))."""
    p = runs_probabilities(n // 2, n - n // 2)
    tail = Fraction(1, 40)
    below = list(itertools.accumulate(p[r] for r in sorted(p)))
    above = list(itertools.accumulate(p[r] for r in sorted(p, reverse=True)))
    lower = sorted(p)[next(i for i, cum in enumerate(below) if cum > tail)]
    upper = sorted(p, reverse=True)[next(i for i, cum in enumerate(above) if cum > tail)]
    return lower, upper


@pytest.mark.parametrize("n", [10, 11, 12, 13])
def test_runs_distribution_formula_matches_counting_every_arrangement(n):
    n1 = n // 2
    counts: dict[int, int] = {}
    for above in itertools.combinations(range(n), n1):
        sides = np.zeros(n, dtype=int)
        sides[list(above)] = 1
        r = 1 + int(np.count_nonzero(np.diff(sides)))
        counts[r] = counts.get(r, 0) + 1
    total = comb(n, n1)
    formula = runs_probabilities(n1, n - n1)
    assert {r: Fraction(c, total) for r, c in counts.items()} == {
        r: p for r, p in formula.items() if p
    }


def test_stored_exact_limits_match_the_exact_calculation():
    table = ihi.runs_table()
    assert list(table.columns) == [
        "n_useful", "runs_lower", "runs_upper", "source", "exact_lower", "exact_upper"
    ]  # fmt: skip
    assert table.n_useful.iloc[0] == 10
    assert list(table.n_useful) == list(range(10, 10 + len(table)))
    assert len(table) >= 51  # at least 10 to 60 useful observations
    for row in table.itertuples(index=False):
        assert (row.exact_lower, row.exact_upper) == exact_limits(row.n_useful), row.n_useful


# Printed in the kit's QI reference, section 3.2 (n: lower, upper): the exact calculation
QI_REFERENCE_3_2 = {
    10: (3, 9), 11: (4, 9), 12: (4, 10), 13: (4, 11), 14: (4, 12), 15: (5, 12),
    16: (5, 13), 17: (6, 13), 18: (6, 14), 19: (6, 15), 20: (7, 15), 21: (7, 16),
    22: (8, 16), 23: (8, 17), 24: (8, 18), 25: (9, 18), 26: (9, 19), 27: (10, 19),
    28: (10, 20), 29: (10, 21), 30: (11, 21), 31: (11, 22), 32: (12, 22), 33: (12, 23),
    34: (12, 24), 35: (13, 24), 36: (13, 25), 37: (14, 25), 38: (14, 26), 39: (14, 26),
    40: (15, 27),
}  # fmt: skip


def test_stored_exact_limits_match_the_printed_reference_values():
    table = ihi.runs_table().set_index("n_useful")
    for n, (lower, upper) in QI_REFERENCE_3_2.items():
        assert (table.exact_lower[n], table.exact_upper[n]) == (lower, upper), n


def published_rows() -> pd.DataFrame:
    path = REFERENCE / "ihi_runs_perla_confirmed.csv"
    if not path.exists():
        pytest.skip(f"reference file not found: {path}")
    return pd.read_csv(path)


def test_runs_table_reproduces_every_confirmed_published_row():
    table = ihi.runs_table().set_index("n_useful")
    published = published_rows()
    assert len(published) == 24
    for row in published.itertuples(index=False):
        n = row.useful_observations
        assert (table.runs_lower[n], table.runs_upper[n]) == (row.runs_lower, row.runs_upper), n
        assert table.source[n] == ihi.PUBLISHED
    # every other n takes the exact limits, and says so
    others = table[~table.index.isin(published.useful_observations)]
    assert (others.runs_lower == others.exact_lower).all()
    assert (others.runs_upper == others.exact_upper).all()
    assert set(others.source) == {ihi.EXACT}
    assert {27, 29, 30, 33, 35, 37, 39} <= set(others.index)


def test_twenty_points_in_six_runs_is_not_an_ihi_signal():
    # Perla et al. Table 1: 6 to 16 runs for 20 useful observations (the exact limits say 7-15)
    y = np.array([1.0] * 4 + [-1.0] * 4 + [1.0] * 3 + [-1.0] * 3 + [1.0] * 3 + [-1.0] * 3)
    _, per_group = ihi.runs(y, np.zeros(20), g0(20))
    row = per_group.iloc[0]
    assert (row.n_useful, row.n_runs, row.runs_lower, row.runs_upper) == (20, 6, 6, 16)
    assert not row.runs_signal
    five = np.array([1.0] * 4 + [-1.0] * 4 + [1.0] * 4 + [-1.0] * 4 + [1.0] * 4)
    assert ihi.runs(five, np.zeros(20), g0(20))[1].runs_signal.iloc[0]


def test_runs_uses_the_stored_table_at_every_size():
    table = ihi.runs_table()[["n_useful", "runs_lower", "runs_upper"]]
    for n, lower, upper in table.itertuples(index=False):
        if n > 60:
            break
        y = np.tile([1.0, -1.0], n)[:n]  # n runs: too many for every n in the table
        _, per_group = ihi.runs(y, np.zeros(n), g0(n))
        assert (per_group.runs_lower.iloc[0], per_group.runs_upper.iloc[0]) == (lower, upper)
        assert bool(per_group.runs_signal.iloc[0]) is (n > upper)


def test_bad_input_is_explained():
    with pytest.raises(DataError, match="lengths differ"):
        ihi.runs([1.0, 2.0], [1.0], [0, 0])
    with pytest.raises(DataError, match="shift_length"):
        ihi.shift([1.0], [1.0], [0], length=0)


# ---------------------------------------------------------------------------
# Property: no rule looks across a group boundary
# ---------------------------------------------------------------------------

values = st.lists(
    st.one_of(st.integers(-3, 3).map(float), st.just(np.nan)), min_size=0, max_size=30
)


@settings(max_examples=150, deadline=None)
@given(values, values, st.integers(-1, 1), st.integers(-1, 1))
def test_rules_never_look_across_a_group_boundary(a, b, ma, mb):
    ya, yb = np.array(a, dtype=float), np.array(b, dtype=float)
    ca, cb = np.full(len(a), float(ma)), np.full(len(b), float(mb))
    y, cl = np.concatenate([ya, yb]), np.concatenate([ca, cb])
    group = np.concatenate([np.full(len(a), 1), np.full(len(b), 2)]).astype(np.int64)
    ga, gb = g0(len(a)), g0(len(b))
    for length in (5, 6):
        assert np.array_equal(
            ihi.shift(y, cl, group, length),
            np.concatenate([ihi.shift(ya, ca, ga, length), ihi.shift(yb, cb, gb, length)]),
        )
        assert np.array_equal(
            ihi.trend(y, group, length),
            np.concatenate([ihi.trend(ya, ga, length), ihi.trend(yb, gb, length)]),
        )
    point, table = ihi.runs(y, cl, group)
    point_a, table_a = ihi.runs(ya, ca, ga)
    point_b, table_b = ihi.runs(yb, cb, gb)
    assert np.array_equal(point, np.concatenate([point_a, point_b]))
    alone = [t.drop(columns="group") for t in (table_a, table_b) if len(t)]
    joined = table.drop(columns="group").reset_index(drop=True)
    if alone:
        expected = pd.concat(alone, ignore_index=True)
        assert joined.astype(str).equals(expected.astype(str))
    else:
        assert len(joined) == 0
