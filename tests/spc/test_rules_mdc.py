"""Making Data Count rules, checked against NHSRplotthedots output and hand-worked series."""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qikit.errors import DataError
from qikit.spc.rules import mdc

REFERENCE = Path(
    os.environ.get(
        "QIKIT_REFERENCE", Path(__file__).resolve().parents[2].parent / "shared" / "reference"
    )
)


def ptd_cases() -> list[dict]:
    """Every per-point NHSRplotthedots file listed in INDEX.csv, with its R call decoded."""
    index = REFERENCE / "INDEX.csv"
    if not index.exists():
        return []
    cases = []
    with index.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["package"] != "NHSRplotthedots" or row["label"].endswith("_summary"):
                continue
            call = row["call"]
            direction = re.search(r"improvement_direction = '(\w+)'", call).group(1)
            target = re.search(r"ptd_target\(([-\d.]+)\)", call)
            cases.append(
                {
                    "file": row["file"],
                    "improvement": None if direction == "neutral" else direction,
                    "target": float(target.group(1)) if target else None,
                }
            )
    return cases


CASES = ptd_cases()
needs_reference = pytest.mark.skipif(not CASES, reason=f"no reference files at {REFERENCE}")


def load_case(case: dict):
    d = pd.read_csv(REFERENCE / case["file"])
    # one integer per facet and rebase group, in file order (the file is sorted by facet, date)
    key = d["f"].astype(str) + "\x1f" + d["rebase_group"].astype(str)
    group = pd.factorize(key)[0].astype(np.int64)
    assert np.all(np.diff(group) >= 0), "reference file not sorted by facet and rebase group"
    arrays = {
        "y": d["y"].to_numpy(float),
        "cl": d["mean_col"].to_numpy(float),
        "lcl": d["lpl"].to_numpy(float),
        "ucl": d["upl"].to_numpy(float),
        "group": group,
    }
    return d, arrays


def test_index_lists_every_ptd_file():
    """Guard: the parametrised tests below really cover every ptd file on disk."""
    if not CASES:
        pytest.skip(f"no reference files at {REFERENCE}")
    on_disk = {
        str(p.relative_to(REFERENCE))
        for p in REFERENCE.glob("*/*/ptd_*.csv")
        if not p.name.endswith("_summary.csv")
    }
    assert on_disk == {c["file"] for c in CASES}
    assert len(on_disk) >= 20


@needs_reference
@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_point_type_matches_nhsrplotthedots(case):
    d, a = load_case(case)
    types = mdc.point_type(a["y"], a["cl"], a["lcl"], a["ucl"], a["group"], case["improvement"])
    assert list(types) == list(d["point_type"])
    assert list(types != "common_cause") == list(d["special_cause_flag"].astype(bool))


@needs_reference
@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_each_rule_matches_the_special_cause_label(case):
    """The first rule that fires, in NHSRplotthedots precedence, gives its special_cause_type."""
    d, a = load_case(case)
    outside = mdc.outside_limits(a["y"], a["lcl"], a["ucl"])
    trend = mdc.trend(a["y"], a["group"])
    two = mdc.two_of_three(a["y"], a["cl"], a["lcl"], a["ucl"], a["group"])
    shift = mdc.shift(a["y"], a["cl"], a["group"])
    labels = []
    for o, t, w, s in zip(outside, trend, two, shift, strict=True):
        if o:
            labels.append("Above UCL" if o > 0 else "Below LCL")
        elif t:
            labels.append("7 Point Trend (Increasing)" if t > 0 else "7 Point Trend (Decreasing)")
        elif w:
            labels.append("2 in 3 Above CL" if w > 0 else "2 in 3 Below CL")
        elif s:
            labels.append("7 Points Above CL" if s > 0 else "7 Points Below CL")
        else:
            labels.append("Common Cause")
    assert labels == list(d["special_cause_type"])
    # the package's own per-point columns
    assert list(outside != 0) == list(d["outside_limits"].astype(bool))


@needs_reference
@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_whole_board_at_once_matches_each_file(case):
    """All reference series laid end to end give the same types as each file alone."""
    d, a = load_case(case)
    other_case = CASES[(CASES.index(case) + 7) % len(CASES)]
    d2, b = load_case(other_case)
    joined = {
        k: np.concatenate([a[k], b[k] + (a["group"].max() + 1 if k == "group" else 0)]) for k in a
    }
    types = mdc.point_type(
        joined["y"],
        joined["cl"],
        joined["lcl"],
        joined["ucl"],
        joined["group"],
        case["improvement"],
    )
    assert list(types[: len(d)]) == list(d["point_type"])


# ---------------------------------------------------------------------------
# Hand-worked series (NHSRplotthedots rules as documented in its source and vignettes)
# ---------------------------------------------------------------------------

EMPTY_GROUP = np.zeros(0, dtype=np.int64)


def g0(n: int) -> np.ndarray:
    return np.zeros(n, dtype=np.int64)


def test_outside_limits_is_strict():
    y = [3.0, 3.0001, -3.0, -3.0001, 0.0, np.nan]
    out = mdc.outside_limits(y, np.full(6, -3.0), np.full(6, 3.0))
    assert out.dtype == np.int8
    assert list(out) == [0, 1, 0, -1, 0, 0]


def test_outside_limits_without_limits_never_signals():
    out = mdc.outside_limits([10.0, -10.0], [np.nan, np.nan], [np.nan, np.nan])
    assert list(out) == [0, 0]


def test_trend_of_seven_rising_points_flags_all_seven():
    y = [5, 1, 2, 3, 4, 5, 6, 7, 3]
    assert list(mdc.trend(y, g0(9))) == [0, 1, 1, 1, 1, 1, 1, 1, 0]


def test_six_rising_points_are_not_a_trend_at_seven_but_are_at_six():
    y = [1, 2, 3, 4, 5, 6, 2]
    assert list(mdc.trend(y, g0(7))) == [0] * 7
    assert list(mdc.trend(y, g0(7), length=6)) == [1, 1, 1, 1, 1, 1, 0]


def test_a_tie_breaks_a_trend():
    y = [9, 8, 7, 7, 6, 5, 4, 3]  # 3 falling points, a tie, then 5 falling points
    assert list(mdc.trend(y, g0(8))) == [0] * 8
    y = [9, 8, 7, 6, 5, 4, 3, 3]  # the tie comes after a full falling trend of 7
    assert list(mdc.trend(y, g0(8))) == [-1, -1, -1, -1, -1, -1, -1, 0]


def test_a_peak_shared_by_two_trends_takes_the_later_direction():
    y = [1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]
    assert list(mdc.trend(y, g0(13))) == [1] * 6 + [-1] * 7


def test_trend_does_not_cross_a_group_boundary():
    y = [1, 2, 3, 4, 5, 6, 7, 8]
    group = [0, 0, 0, 0, 1, 1, 1, 1]
    assert list(mdc.trend(y, group)) == [0] * 8
    assert list(mdc.trend(y, [0, 0, 0, 0, 0, 0, 0, 1])) == [1] * 7 + [0]


def test_trend_skips_missing_values():
    y = [1, 2, 3, np.nan, 4, 5, 6, 7]
    assert list(mdc.trend(y, g0(8))) == [1, 1, 1, 0, 1, 1, 1, 1]


def test_two_of_three_flags_only_the_points_beyond_the_near_line():
    # mean 0, limits +/-3, so the near lines are at +/-2
    cl, lcl, ucl = np.zeros(5), np.full(5, -3.0), np.full(5, 3.0)
    y = [0.5, 2.5, 1.0, 2.5, 0.5]
    assert list(mdc.two_of_three(y, cl, lcl, ucl, g0(5))) == [0, 1, 0, 1, 0]
    y = [-0.5, -2.5, -2.9, -1.0, -0.5]
    assert list(mdc.two_of_three(y, cl, lcl, ucl, g0(5))) == [0, -1, -1, 0, 0]


def test_two_of_three_needs_all_three_points_on_one_side():
    cl, lcl, ucl = np.zeros(3), np.full(3, -3.0), np.full(3, 3.0)
    assert list(mdc.two_of_three([2.5, -1.0, 2.5], cl, lcl, ucl, g0(3))) == [0, 0, 0]
    assert list(mdc.two_of_three([2.5, 0.0, 2.5], cl, lcl, ucl, g0(3))) == [0, 0, 0]
    # two close points on opposite sides are not a signal
    assert list(mdc.two_of_three([2.5, 1.0, -2.5], cl, lcl, ucl, g0(3))) == [0, 0, 0]


def test_a_point_on_the_near_line_is_not_close():
    cl, lcl, ucl = np.zeros(3), np.full(3, -3.0), np.full(3, 3.0)
    assert list(mdc.two_of_three([2.0, 1.0, 2.5], cl, lcl, ucl, g0(3))) == [0, 0, 0]


def test_points_outside_the_limits_count_only_under_the_2023_excel_variant():
    cl, lcl, ucl = np.zeros(3), np.full(3, -3.0), np.full(3, 3.0)
    y = [3.5, 2.5, 1.0]
    assert list(mdc.two_of_three(y, cl, lcl, ucl, g0(3))) == [0, 0, 0]
    flagged = mdc.two_of_three(y, cl, lcl, ucl, g0(3), include_outside=True)
    assert list(flagged) == [1, 1, 0]


def test_two_of_three_uses_each_points_own_limits():
    # limits differ point by point (as on a p or u chart)
    cl = np.array([0.5, 0.5, 0.5])
    ucl = np.array([0.8, 0.65, 0.9])  # near lines 0.7, 0.6, 0.77
    lcl = np.array([0.2, 0.35, 0.1])
    y = [0.75, 0.62, 0.75]
    assert list(mdc.two_of_three(y, cl, lcl, ucl, g0(3))) == [1, 1, 0]


def test_two_of_three_does_not_cross_a_group_boundary():
    cl, lcl, ucl = np.zeros(4), np.full(4, -3.0), np.full(4, 3.0)
    y = [1.0, 2.5, 2.5, 1.0]
    assert list(mdc.two_of_three(y, cl, lcl, ucl, [0, 0, 1, 1])) == [0, 0, 0, 0]
    assert list(mdc.two_of_three(y, cl, lcl, ucl, [0, 0, 0, 1])) == [0, 1, 1, 0]


def test_shift_of_seven_flags_all_points_and_six_does_not():
    cl = np.full(9, 10.0)
    y = [9, 11, 12, 11, 13, 12, 11, 14, 9]
    assert list(mdc.shift(y, cl, g0(9))) == [0, 1, 1, 1, 1, 1, 1, 1, 0]
    y = [9, 11, 12, 11, 13, 12, 11, 9, 9]
    assert list(mdc.shift(y, cl, g0(9))) == [0] * 9
    assert list(mdc.shift(y, cl, g0(9), length=6)) == [0, 1, 1, 1, 1, 1, 1, 0, 0]


def test_a_point_on_the_mean_breaks_a_shift():
    cl = np.full(8, 10.0)
    y = [8, 9, 8, 10, 9, 8, 9, 8]  # 3 below, one on the mean, 4 below
    assert list(mdc.shift(y, cl, g0(8))) == [0] * 8


def test_shift_skips_missing_values_and_stops_at_groups():
    cl = np.full(8, 10.0)
    y = [11, 11, 11, np.nan, 11, 11, 11, 11]
    assert list(mdc.shift(y, cl, g0(8))) == [1, 1, 1, 0, 1, 1, 1, 1]
    assert list(mdc.shift(y, cl, [0, 0, 0, 0, 1, 1, 1, 1])) == [0] * 8


def test_precedence_outside_then_trend_then_two_of_three_then_shift():
    # mean 0, limits +/-3: a falling trend of 7 points, all above the mean, the first one
    # above the upper limit and the rest beyond the near line
    cl, lcl, ucl = np.zeros(7), np.full(7, -3.0), np.full(7, 3.0)
    y = [4.0, 2.9, 2.8, 2.7, 2.6, 2.5, 2.4]
    assert list(mdc.outside_limits(y, lcl, ucl)) == [1, 0, 0, 0, 0, 0, 0]
    assert list(mdc.trend(y, g0(7))) == [-1] * 7
    assert list(mdc.two_of_three(y, cl, lcl, ucl, g0(7))) == [0, 1, 1, 1, 1, 1, 1]
    assert list(mdc.shift(y, cl, g0(7))) == [1] * 7
    up = mdc.point_type(y, cl, lcl, ucl, g0(7), "increase")
    assert list(up) == ["special_cause_improvement"] + ["special_cause_concern"] * 6
    down = mdc.point_type(y, cl, lcl, ucl, g0(7), "decrease")
    assert list(down) == ["special_cause_concern"] + ["special_cause_improvement"] * 6
    neutral = mdc.point_type(y, cl, lcl, ucl, g0(7), None)
    assert list(neutral) == ["special_cause_neutral_high"] + ["special_cause_neutral_low"] * 6
    # the Excel single-chart tool shows improvement when both fire
    excel = mdc.point_type(y, cl, lcl, ucl, g0(7), "increase", conflict="improvement")
    assert list(excel) == ["special_cause_improvement"] * 7
    excel = mdc.point_type(y, cl, lcl, ucl, g0(7), "decrease", conflict="improvement")
    assert list(excel) == ["special_cause_improvement"] * 7


def test_shift_and_trend_lengths_can_be_six():
    cl, lcl, ucl = np.zeros(8), np.full(8, -30.0), np.full(8, 30.0)
    y = [-1.0, 1, 2, 1, 2, 1, 2, -1]  # six above the mean, no trend
    assert set(mdc.point_type(y, cl, lcl, ucl, g0(8), "increase")) == {"common_cause"}
    six = mdc.point_type(y, cl, lcl, ucl, g0(8), "increase", shift_length=6)
    assert list(six) == ["common_cause"] + ["special_cause_improvement"] * 6 + ["common_cause"]
    y = np.array([5.0, 1, 2, 3, 4, 5, 6, 0]) - 3.5  # six rising, crossing the mean
    six = mdc.point_type(y, cl, lcl, ucl, g0(8), "decrease", trend_length=6)
    assert list(six) == ["common_cause"] + ["special_cause_concern"] * 6 + ["common_cause"]


def test_missing_value_is_never_special_cause():
    cl, lcl, ucl = np.zeros(3), np.full(3, -3.0), np.full(3, 3.0)
    types = mdc.point_type([5.0, np.nan, -5.0], cl, lcl, ucl, g0(3), "increase")
    assert list(types) == ["special_cause_improvement", "common_cause", "special_cause_concern"]


def test_bad_input_is_explained():
    with pytest.raises(DataError, match="improvement"):
        mdc.point_type([1.0], [1.0], [0.0], [2.0], [0], "up")
    with pytest.raises(DataError, match="trend_direction"):
        mdc.point_type([1.0], [1.0], [0.0], [2.0], [0], None, trend_direction="up")
    with pytest.raises(DataError, match="conflict"):
        mdc.point_type([1.0], [1.0], [0.0], [2.0], [0], None, conflict="both")
    with pytest.raises(DataError, match="lengths differ"):
        mdc.shift([1.0, 2.0], [1.0], [0, 0])
    with pytest.raises(DataError, match="sorted"):
        mdc.trend([1.0, 2.0, 3.0], [1, 0, 0])
    with pytest.raises(DataError, match="trend_length"):
        mdc.trend([1.0, 2.0, 3.0], [0, 0, 0], length=1)
    for bad in (None, 6.5, "7", True):
        with pytest.raises(DataError, match="shift_length"):
            mdc.shift([1.0, 2.0, 3.0], [2.0] * 3, [0, 0, 0], length=bad)
    assert list(mdc.shift([3.0] * 6, [2.0] * 6, [0] * 6, length=6.0)) == [1] * 6
    with pytest.raises(DataError, match="numbers"):
        mdc.outside_limits(["a", "b"], [0, 0], [1, 1])


def test_empty_input_gives_empty_output():
    empty = np.zeros(0)
    assert mdc.trend(empty, EMPTY_GROUP).shape == (0,)
    assert mdc.shift(empty, empty, EMPTY_GROUP).shape == (0,)
    assert mdc.two_of_three(empty, empty, empty, empty, EMPTY_GROUP).shape == (0,)
    assert mdc.point_type(empty, empty, empty, empty, EMPTY_GROUP, None).shape == (0,)


# ---------------------------------------------------------------------------
# Property: no rule looks across a group boundary
# ---------------------------------------------------------------------------

values = st.lists(
    st.one_of(
        st.integers(-4, 4).map(float),  # small integers make ties and points on the mean common
        st.just(np.nan),
    ),
    min_size=0,
    max_size=25,
)


def series(ys, centre, half_width):
    y = np.array(ys, dtype=float)
    n = y.shape[0]
    return y, np.full(n, centre), np.full(n, centre - half_width), np.full(n, centre + half_width)


@settings(max_examples=150, deadline=None)
@given(values, values, st.floats(-1, 1), st.floats(-1, 1), st.sampled_from([5, 6, 7]))
def test_rules_never_look_across_a_group_boundary(a, b, ca, cb, length):
    ya, cla, lcla, ucla = series(a, ca, 2.5)
    yb, clb, lclb, uclb = series(b, cb, 3.0)
    y = np.concatenate([ya, yb])
    cl, lcl, ucl = (np.concatenate(p) for p in ((cla, clb), (lcla, lclb), (ucla, uclb)))
    group = np.concatenate([np.full(len(ya), 3), np.full(len(yb), 8)]).astype(np.int64)
    ga, gb = np.zeros(len(ya), np.int64), np.zeros(len(yb), np.int64)

    assert np.array_equal(
        mdc.trend(y, group, length),
        np.concatenate([mdc.trend(ya, ga, length), mdc.trend(yb, gb, length)]),
    )
    assert np.array_equal(
        mdc.shift(y, cl, group, length),
        np.concatenate([mdc.shift(ya, cla, ga, length), mdc.shift(yb, clb, gb, length)]),
    )
    for include in (False, True):
        joined = mdc.two_of_three(y, cl, lcl, ucl, group, include_outside=include)
        alone = np.concatenate(
            [
                mdc.two_of_three(ya, cla, lcla, ucla, ga, include_outside=include),
                mdc.two_of_three(yb, clb, lclb, uclb, gb, include_outside=include),
            ]
        )
        assert np.array_equal(joined, alone)
    joined = mdc.point_type(y, cl, lcl, ucl, group, "increase", length, length)
    alone = np.concatenate(
        [
            mdc.point_type(ya, cla, lcla, ucla, ga, "increase", length, length),
            mdc.point_type(yb, clb, lclb, uclb, gb, "increase", length, length),
        ]
    )
    assert list(joined) == list(alone)


def test_where_two_trends_meet_the_package_labels_by_the_step_between_them():
    cl, lcl, ucl = np.full(14, 4.0), np.full(14, -30.0), np.full(14, 30.0)
    imp, con = "special_cause_improvement", "special_cause_concern"
    # a rising trend of 7, a flat step, then a falling trend of 7
    y = [1, 2, 3, 4, 5, 6, 7, 7, 6, 5, 4, 3, 2, 1]
    assert list(mdc.trend(y, g0(14))) == [1] * 7 + [-1] * 7
    types = mdc.point_type(y, cl, lcl, ucl, g0(14), "increase")
    assert list(types) == [imp] * 6 + [con] * 8  # point 7 is read by the flat step after it
    types = mdc.point_type(y, cl, lcl, ucl, g0(14), "increase", trend_direction="trend")
    assert list(types) == [imp] * 7 + [con] * 7
    # two rising trends joined by a falling step
    y = [1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6]
    assert list(mdc.trend(y, g0(14))) == [1] * 14
    types = mdc.point_type(y, cl, lcl, ucl, g0(14), "increase")
    assert list(types) == [imp] * 6 + [con] + [imp] * 7
    types = mdc.point_type(y, cl, lcl, ucl, g0(14), "increase", trend_direction="trend")
    assert list(types) == [imp] * 14


# ---------------------------------------------------------------------------
# Property: the vectorised rules agree with a point-by-point reading of NHSRplotthedots
# ---------------------------------------------------------------------------


def ptd_point_by_point(y, cl, lcl, ucl, improvement, length=7):
    """A literal, one-point-at-a-time reading of NHSRplotthedots 0.2.2 for one group.

    Written from the package's R functions (ptd_seven_point_one_side_mean,
    ptd_seven_point_trend, ptd_part_of_seven_trend, ptd_two_in_three, ptd_special_cause_type,
    ptd_point_type), window by window, with no shared code with qikit.
    """
    n = len(y)
    rel = [(1 if y[i] > cl[i] else -1 if y[i] < cl[i] else 0) for i in range(n)]
    outside = [y[i] > ucl[i] or y[i] < lcl[i] for i in range(n)]
    close = [
        not outside[i]
        and (y[i] > cl[i] + (ucl[i] - cl[i]) * (2 / 3) or y[i] < cl[i] - (cl[i] - lcl[i]) * (2 / 3))
        for i in range(n)
    ]
    span = length - 1
    # a run of `length` on one side ends at i
    run_end = [
        i >= span and rel[i] != 0 and all(rel[i - k] == rel[i] for k in range(1, length))
        for i in range(n)
    ]
    in_run = [any(run_end[j] for j in range(i, min(n, i + length))) for i in range(n)]
    # a trend of `length` ends at i
    trend_end = []
    for i in range(n):
        steps = [y[j + 1] - y[j] for j in range(i - span, i)] if i >= span else []
        trend_end.append(bool(steps) and (all(s > 0 for s in steps) or all(s < 0 for s in steps)))
    in_trend = [any(trend_end[j] for j in range(i, min(n, i + length))) for i in range(n)]
    two = []
    for i in range(n):
        hit = False
        for start in (i - 2, i - 1, i):
            if start < 0 or start + 2 >= n:
                continue
            window = range(start, start + 3)
            if sum(close[j] for j in window) >= 2 and abs(sum(rel[j] for j in window)) == 3:
                hit = True
        two.append(hit and close[i])
    types = []
    for i in range(n):
        if outside[i]:
            v = 1 if rel[i] == 1 else -1
        elif in_trend[i]:
            if i + 1 < n and in_trend[i + 1]:
                step = y[i + 1] - y[i]
            else:
                step = y[i] - y[i - 1]
            v = 1 if step > 0 else -1
        elif two[i]:
            v = 1 if rel[i] > 0 else -1
        elif in_run[i]:
            v = 1 if rel[i] > 0 else -1
        else:
            v = 0
        if v == 0:
            types.append("common_cause")
        elif improvement is None:
            types.append("special_cause_neutral_high" if v > 0 else "special_cause_neutral_low")
        else:
            good = 1 if improvement == "increase" else -1
            types.append("special_cause_improvement" if v == good else "special_cause_concern")
    return types


# a walk made of stretches going up, down or flat, so trends, shared peaks and ties are common
stretches = st.lists(
    st.tuples(st.sampled_from([-1, 0, 1]), st.integers(1, 8), st.integers(1, 2)),
    min_size=1,
    max_size=8,
)


def walk(parts) -> np.ndarray:
    steps = [sign * size for sign, count, size in parts for _ in range(count)]
    return np.cumsum([0, *steps]).astype(float)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(stretches, st.integers(2, 9)), min_size=1, max_size=4),
    st.sampled_from(["increase", "decrease", None]),
    st.sampled_from([6, 7]),
    st.booleans(),
)
def test_point_type_agrees_with_a_point_by_point_reading_of_the_package(
    series_list, improvement, length, distinct
):
    ys, cls, lcls, ucls, groups, expected = [], [], [], [], [], []
    for number, (parts, width) in enumerate(series_list):
        y = walk(parts)
        if distinct:  # no two equal values
            y = y + np.arange(len(y)) * 1e-3
        centre = float(np.round(np.mean(y)))  # a whole number, so points can sit on it
        cl = np.full(len(y), centre)
        lcl, ucl = cl - width, cl + width
        ys.append(y)
        cls.append(cl)
        lcls.append(lcl)
        ucls.append(ucl)
        groups.append(np.full(len(y), number))
        expected += ptd_point_by_point(list(y), cl, lcl, ucl, improvement, length)
    found = mdc.point_type(
        np.concatenate(ys),
        np.concatenate(cls),
        np.concatenate(lcls),
        np.concatenate(ucls),
        np.concatenate(groups),
        improvement,
        shift_length=length,
        trend_length=length,
    )
    assert list(found) == expected
