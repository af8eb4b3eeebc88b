"""Anhøj runs analysis: critical values from the published tables and small worked examples."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest

from qikit.spc.rules.anhoej import crossings_limit, longest_run_limit, runs_analysis

# QI_REFERENCE 3.3 (Anhøj & Olesen 2014; n = 24 is the qicharts2 vignette example: 8 and 8)
PUBLISHED = {10: (6, 2), 12: (7, 3), 20: (7, 6), 24: (8, 8), 30: (8, 10), 40: (8, 14)}


@pytest.mark.parametrize("n", sorted(PUBLISHED))
def test_critical_values_match_published_table(n):
    run_max, crossings_min = PUBLISHED[n]
    assert longest_run_limit(np.array([n]))[0] == run_max
    assert crossings_limit(np.array([n]))[0] == crossings_min


@pytest.mark.parametrize(
    ("first", "last", "limit"),
    # Anhøj's longest-run table: 10-11 -> 6, 12-22 -> 7, 23-45 -> 8, 46-90 -> 9, 91-109 -> 10
    [(10, 11, 6), (12, 22, 7), (23, 45, 8), (46, 90, 9), (91, 109, 10)],
)
def test_longest_run_limit_bands(first, last, limit):
    n = np.arange(first, last + 1)
    assert np.all(longest_run_limit(n) == limit)


def test_no_useful_points_gives_no_limits():
    assert np.isnan(longest_run_limit(np.array([0]))[0])
    assert np.isnan(crossings_limit(np.array([0]))[0])


def test_steady_rise_has_one_crossing_and_signals():
    y = np.arange(1.0, 11.0)
    cl = np.full(10, 5.5)
    result = runs_analysis(y, cl, np.zeros(10, dtype=np.int64), 1)
    assert result.n_useful[0] == 10
    assert result.longest_run[0] == 5
    assert result.n_crossings[0] == 1
    assert result.runs_signal[0]  # 1 crossing < 2 expected for 10 points


def test_points_on_the_centre_line_neither_break_nor_add():
    y = np.array([6.0, 5.0, 7.0, 5.0, 8.0, 4.0])
    cl = np.full(6, 5.0)
    result = runs_analysis(y, cl, np.zeros(6, dtype=np.int64), 1)
    assert result.n_obs[0] == 6
    assert result.n_useful[0] == 4
    assert result.longest_run[0] == 3  # 6, 7, 8 above with the 5s skipped
    assert result.n_crossings[0] == 1


def test_runs_do_not_cross_a_group_boundary():
    y = np.array([1.0] * 5 + [1.0] * 5)
    cl = np.zeros(10)
    group = np.array([0] * 5 + [1] * 5)
    result = runs_analysis(y, cl, group, 2)
    assert result.longest_run.tolist() == [5, 5]
    assert result.n_crossings.tolist() == [0, 0]


def test_long_run_marks_the_points_of_the_too_long_run():
    y = np.array([1.0, -1, 1, -1, 1, -1] + [-1.0] * 9 + [1.0, -1, 1, -1, 1])
    cl = np.zeros(y.size)
    result = runs_analysis(y, cl, np.zeros(y.size, dtype=np.int64), 1)
    assert result.longest_run[0] == 10  # the -1 at position 6 starts the run
    assert result.longest_run_max[0] == 7  # round(log2(20)) + 3
    assert result.long_run.tolist() == [0] * 5 + [-1] * 10 + [0] * 5


def test_excluded_points_take_no_part():
    y = np.array([1.0, 2, 3, 100, 4, 5])
    cl = np.full(6, 3.0)
    use = np.array([True, True, True, False, True, True])
    result = runs_analysis(y, cl, np.zeros(6, dtype=np.int64), 1, use=use)
    assert result.n_obs[0] == 5
    assert result.n_useful[0] == 4


def qbinom_05_by_definition(trials: int) -> int:
    """Smallest k with 20 * sum_{i<=k} C(trials, i) >= 2^trials, in whole numbers."""
    if trials <= 0:
        return 0
    total, cumulative, k = 1 << trials, 0, 0
    while True:
        cumulative += comb(trials, k)
        if 20 * cumulative >= total:
            return k
        k += 1


def test_definition_matches_r_qbinom_at_small_n():
    # qbinom(0.05, n - 1, 0.5) in R for n = 10, 24, 40 (QI_REFERENCE 3.3): 2, 8, 14
    assert [qbinom_05_by_definition(m - 1) for m in (10, 24, 40)] == [2, 8, 14]


def test_crossings_limit_is_exact_for_every_n_up_to_three_thousand():
    n = np.arange(1, 3001)
    got = crossings_limit(n)
    # every n would take minutes with big-integer sums: all up to 600 and every 23rd beyond
    checked = [m for m in range(1, 3001) if m <= 600 or m % 23 == 0]
    for m in checked:
        assert got[m - 1] == qbinom_05_by_definition(m - 1), m


@pytest.mark.parametrize("n", [5001, 12_000, 20_001])
def test_crossings_limit_for_long_series_meets_the_definition(n):
    k = int(crossings_limit(np.array([n]))[0])
    trials = n - 1
    total = 1 << trials
    term, below = 1, 0  # C(trials, 0); running sum of C(trials, i) for i < k
    for i in range(k):
        below += term
        term = term * (trials - i) // (i + 1)
    assert 20 * below < total <= 20 * (below + term)  # P(X <= k-1) < 0.05 <= P(X <= k)
