"""Teaching series: the ground truth is right, and the SPC engine agrees with it."""

import warnings

import numpy as np
import pandas as pd
import pytest

from qikit.data import CHARTS, PATTERNS, series
from qikit.data.visible import crossings_limit, longest_run_limit, longest_trend, runs
from qikit.errors import DataError
from qikit.spc import spc

# QI_REFERENCE 3.3: Anhøj critical values (longest run must exceed / crossings at least).
ANHOEJ_TABLE = {10: (6, 2), 12: (7, 3), 20: (7, 6), 24: (8, 8), 30: (8, 10), 40: (8, 14)}


@pytest.mark.parametrize("useful", sorted(ANHOEJ_TABLE))
def test_runs_limits_match_the_published_table(useful):
    assert (longest_run_limit(useful), crossings_limit(useful)) == ANHOEJ_TABLE[useful]


def test_runs_counts_a_worked_example():
    # Median 5: below, below, above, above, above, (on the line, dropped), below, above.
    values = np.array([1, 2, 7, 8, 9, 5, 3, 6])
    assert runs(values, 5.0) == (3, 3, 7)
    assert longest_trend([1, 2, 2, 3, 4, 1]) == 4  # the repeated 2 counts once
    assert longest_trend([5, 4, 3, 3, 2, 6]) == 4


def test_same_seed_same_series_and_none_gives_new_ones():
    a = series("shift", seed=11, chart="p")
    b = series("shift", seed=11, chart="p")
    pd.testing.assert_frame_equal(a.data, b.data)
    assert a.start == b.start
    fresh = [tuple(series("stable", seed=None).data["minutes_of_engagement"]) for _ in range(3)]
    assert len(set(fresh)) == 3


@pytest.mark.parametrize("seed", range(5))
def test_a_shift_really_steps_where_the_truth_says(seed):
    truth = series("shift", n=24, seed=seed, chart="i")
    values = truth.data["minutes_of_engagement"].to_numpy()
    before, after = values[: truth.start - 1], values[truth.start - 1 :]
    assert abs((after.mean() - before.mean()) - truth.size) < 6  # size 12.5, noise sd 5
    # The split that best separates two levels is at (or next to) the stated start.
    # Split statistic |mean after - mean before| x sqrt(k (n - k) / n), largest at a step.
    gaps = [
        abs(values[k:].mean() - values[:k].mean()) * np.sqrt(k * (24 - k) / 24)
        for k in range(3, 22)
    ]
    assert abs(int(np.argmax(gaps)) + 3 + 1 - truth.start) <= 2


@pytest.mark.parametrize("chart", ["u", "c"])
def test_a_rate_shift_has_the_stated_ratio(chart):
    truth = series("shift", n=36, seed=4, chart=chart)
    y = truth.data[truth.y].to_numpy(dtype=float)
    n = truth.data[truth.n].to_numpy(dtype=float) if truth.n else np.ones_like(y)
    k = truth.start - 1
    ratio = (y[k:].sum() / n[k:].sum()) / (y[:k].sum() / n[:k].sum())
    assert abs(np.log(ratio) - np.log(truth.size)) < np.log(1.5)
    assert truth.improvement == "decrease" and truth.size < 1


def test_outlier_trend_and_cycle_are_where_the_truth_says():
    outlier = series("outlier", seed=2, chart="i")
    values = outlier.data["minutes_of_engagement"]
    assert int(np.argmax(np.abs(values - values.median()))) + 1 == outlier.start
    trend = series("trend", n=30, seed=2, chart="i")
    slope = np.polyfit(trend.data["week"], trend.data["minutes_of_engagement"], 1)[0]
    assert abs(slope * 29 - trend.size) < 8
    cycle = series("cyclic", n=48, seed=2, chart="i").data["minutes_of_engagement"].to_numpy()
    centred = cycle - cycle.mean()
    lag = {k: np.corrcoef(centred[:-k], centred[k:])[0, 1] for k in (4, 8)}
    assert lag[8] > 0.3 and lag[4] < -0.3


@pytest.mark.parametrize("chart", CHARTS)
def test_each_chart_family_has_its_columns(chart):
    truth = series("stable", chart=chart, seed=1)
    data = truth.data
    assert list(data.columns[:2]) == [truth.x, "date"]
    assert data[truth.y].ge(0).all() and len(data) == 24
    if chart in ("p", "u"):
        assert truth.n in data and data[truth.n].gt(0).all()
        assert data[truth.n].nunique() > 1  # denominators vary
    else:
        assert truth.n is None
    if chart == "p":
        assert (data[truth.y] <= data[truth.n]).all()
    assert data["date"].is_monotonic_increasing


def _signals(truth, rules="anhoej"):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        points = spc(truth.data, rules=rules, **truth.spc_arguments()).points
    columns = ["sigma_signal", "runs_signal", "shift_signal", "trend_signal"]
    columns += ["two_of_three_signal"]
    return {c: points[c].astype(bool) for c in columns if c in points}


@pytest.mark.parametrize("chart", CHARTS)
@pytest.mark.parametrize("pattern", PATTERNS)
def test_the_spc_engine_sees_the_expected_signal(pattern, chart):
    for seed in (0, 1, 2):
        truth = series(pattern, chart=chart, seed=seed)
        flags = _signals(truth)
        if truth.expected_signal == "none":
            assert not any(f.any() for f in flags.values()), (seed, truth.description)
        elif truth.expected_signal == "outside_limits":
            assert list(np.flatnonzero(flags["sigma_signal"]) + 1) == [truth.start], seed
        else:
            assert any(flags[c].any() for c in truth.signal_columns if c in flags), seed


@pytest.mark.parametrize(
    ("rules", "chart"), [("ihi", "run"), ("ihi", "i"), ("ihi", "c"), ("mdc", "i")]
)
def test_stable_series_are_quiet_under_every_rule_set(rules, chart):
    for seed in range(4):
        flags = _signals(series("stable", chart=chart, seed=seed), rules=rules)
        assert not any(f.any() for f in flags.values()), seed


def test_ground_truth_says_what_to_look_for():
    shift = series("shift", chart="u", seed=3)
    assert shift.expected_signal == "shift" and "runs_signal" in shift.signal_columns
    assert shift.spc_arguments() == {
        "x": "month", "y": "restraint_episodes", "chart": "u", "n": "occupied_bed_days"
    }  # fmt: skip
    assert f"month {shift.start}" in shift.description
    assert series("stable").expected_signal == "none" and series("stable").start is None
    assert series("outlier", chart="run").expected_signal == "none"  # a run chart has no limits
    assert series("outlier", chart="i").expected_signal == "outside_limits"
    assert series("cyclic", chart="t").expected_signal == "few_crossings"


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (
            {"pattern": "wobbly"},
            "no teaching pattern called 'wobbly'. Choose one of: stable, shift",
        ),
        ({"pattern": "shift", "chart": "x"}, "no chart type 'x'.*Choose one of: run, i, p, u"),
        ({"pattern": "shift", "n": 5}, "'n' .* from 16 to 104; found 5"),
        ({"pattern": "shift", "seed": -1}, "'seed' must be a whole number of 0 or more"),
    ],
)
def test_bad_arguments_give_plain_messages(arguments, words):
    with pytest.raises(DataError, match=words):
        series(**arguments)
