"""Anhøj runs analysis, as qicharts2 applies it to run charts and control charts.

Inputs follow the shared rule contract: 1-D arrays holding many series laid end to end, sorted by
(group, x); ``group`` is a non-decreasing int64 code (one value per facet x part); no rule looks
across a change of group. Points exactly on the centre line, and missing values, are not
"useful": they neither break nor add to a run.

Sources:
    Anhøj J, Olesen AV (2014). Run charts revisited: a simulation study of run chart rules for
    detection of non-random variation in health care processes. PLoS ONE 9(11): e113825.
    Anhøj J (2015). Diagnostic value of run chart analysis. PLoS ONE 10(3): e0121349.
    Schilling MF (2012). The surprising predictability of long runs. Mathematics Magazine 85(2).
    qicharts2 0.8.1, ``runs.analysis()`` in R/helper.functions.R.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

__all__ = [
    "longest_run_limit",
    "crossings_limit",
    "RunsAnalysis",
    "runs_analysis",
]


def longest_run_limit(n_useful: np.ndarray) -> np.ndarray:
    """Longest run expected by chance: ``round(log2(n)) + 3`` (Schilling 2012; Anhøj 2014).

    A run longer than this is a signal. ``np.round`` rounds half to even as R's ``round`` does.
    NaN where there are no useful points.
    """
    n = np.asarray(n_useful, dtype=float)
    out = np.full(n.shape, np.nan)
    ok = n > 0
    out[ok] = np.round(np.log2(n[ok])) + 3
    return out


def _exact_binomial_quantile_05(trials: int) -> int:
    """qbinom(0.05, trials, 0.5) in whole numbers: the smallest k with P(X <= k) >= 0.05.

    P(X <= k) >= 1/20  <=>  20 * sum_{i<=k} C(trials, i) >= 2^trials. Exact, but its cost grows
    with the square of ``trials`` (big integers), so it is only used to settle near-ties.
    """
    if trials <= 0:
        return 0
    total = 1 << trials
    cumulative = 0
    term = 1  # C(trials, 0)
    for k in range(trials + 1):
        cumulative += term
        if 20 * cumulative >= total:
            return k
        term = term * (trials - k) // (k + 1)
    return trials  # pragma: no cover - the loop always returns


#: Relative distance from 0.05 within which the floating-point tail is settled exactly.
_TIE = 1e-9


@lru_cache(maxsize=4096)
def _binomial_quantile_05(trials: int) -> int:
    """qbinom(0.05, trials, 0.5), the smallest k with P(X <= k) >= 0.05, in O(sqrt(trials)).

    The lower tail P(X <= k) of the binomial(trials, 1/2) is summed in floating point from the
    probability at k (log-gamma, so no huge numbers) down the ratios C(n, i-1) / C(n, i) =
    i / (n - i + 1) until the terms no longer change the sum; k starts at the normal
    approximation and moves one step at a time. Only where a tail lies within a relative 1e-9
    of 0.05, which floating point could misjudge, is the answer settled with whole numbers.
    """
    if trials <= 0:
        return 0
    n = trials
    log_half = n * math.log(2.0)
    log_n_factorial = math.lgamma(n + 1)

    def pmf(k: int) -> float:
        if k < 0 or k > n:
            return 0.0
        return math.exp(log_n_factorial - math.lgamma(k + 1) - math.lgamma(n - k + 1) - log_half)

    def tail(k: int) -> float:
        if k < 0:
            return 0.0
        term, total = 1.0, 1.0
        for i in range(k, 0, -1):
            term *= i / (n - i + 1)
            total += term
            if term < 1e-17 * total:
                break
        return pmf(k) * total

    k = max(0, min(n, int(math.floor(n / 2 - 1.6448536269514722 * math.sqrt(n) / 2))))
    below = tail(k)
    while below < 0.05 and k < n:
        k += 1
        below += pmf(k)
    while k > 0:
        previous = below - pmf(k)
        if previous < 0.05:
            break
        k -= 1
        below = tail(k)
    near = (abs(below - 0.05) < _TIE * 0.05) or (abs(below - pmf(k) - 0.05) < _TIE * 0.05)
    return _exact_binomial_quantile_05(n) if near else k


def crossings_limit(n_useful: np.ndarray) -> np.ndarray:
    """Fewest crossings expected by chance: ``qbinom(0.05, n - 1, 0.5)`` (Anhøj 2014).

    Fewer crossings than this is a signal. NaN where there are no useful points.
    """
    n = np.asarray(n_useful)
    out = np.full(n.shape, np.nan)
    for value in np.unique(n[n > 0]):
        out[n == value] = _binomial_quantile_05(int(value) - 1)
    return out


@dataclass
class RunsAnalysis:
    """Anhøj runs analysis: one entry per group, plus per-point flags.

    ``long_run`` (per point, int8): +1 / -1 when the point belongs to a run above / below the
    centre line that is longer than ``longest_run_max`` of its group, else 0.
    """

    n_obs: np.ndarray
    n_useful: np.ndarray
    longest_run: np.ndarray
    longest_run_max: np.ndarray
    n_crossings: np.ndarray
    n_crossings_min: np.ndarray
    runs_signal: np.ndarray
    long_run: np.ndarray


def runs_analysis(
    y: np.ndarray, cl: np.ndarray, group: np.ndarray, ngroups: int, use: np.ndarray | None = None
) -> RunsAnalysis:
    """Longest run and number of crossings per group, with the Anhøj signal.

    ``use`` marks the points taking part (qicharts2 leaves out excluded points); points on the
    centre line or missing are dropped before counting (Anhøj 2014). A crossing is two
    consecutive useful points on opposite sides of the centre line. The group has a signal when
    its longest run exceeds ``longest_run_limit`` or it has fewer crossings than
    ``crossings_limit``.
    """
    y = np.asarray(y, dtype=float)
    cl = np.asarray(cl, dtype=float)
    group = np.asarray(group, dtype=np.int64)
    if use is None:
        use = np.ones(y.shape[0], dtype=bool)
    all_used = bool(use.all())
    n_obs = np.bincount(group if all_used else group[use], minlength=ngroups)
    above = y > cl  # missing values and missing centre lines compare False on both sides
    useful = above | (y < cl)
    if not all_used:
        useful &= use
    idx = np.flatnonzero(useful)
    g = group[idx]
    s = above[idx]
    n_useful = np.bincount(g, minlength=ngroups)

    starts = np.ones(idx.shape[0], dtype=bool)
    starts[1:] = (s[1:] != s[:-1]) | (g[1:] != g[:-1])
    run_id = np.cumsum(starts) - 1
    run_len = np.bincount(run_id)
    run_group = g[starts]
    n_runs = np.bincount(run_group, minlength=ngroups)
    longest = np.zeros(ngroups)
    if run_len.size:
        # runs are ordered by group, so the runs of each group are one slice
        first_run = np.flatnonzero(np.r_[True, run_group[1:] != run_group[:-1]])
        longest[run_group[first_run]] = np.maximum.reduceat(run_len, first_run)

    has = n_useful > 0
    longest_run = np.where(has, longest, np.nan)
    n_crossings = np.where(has, np.maximum(n_runs - 1, 0), np.nan)
    longest_max = longest_run_limit(n_useful)
    crossings_min = crossings_limit(n_useful)
    with np.errstate(invalid="ignore"):
        signal = has & ((longest_run > longest_max) | (n_crossings < crossings_min))

    long_run = np.zeros(y.shape[0], dtype=np.int8)
    with np.errstate(invalid="ignore"):
        too_long_run = run_len > longest_max[run_group]
    if too_long_run.any():
        too_long = too_long_run[run_id]
        long_run[idx[too_long]] = np.where(s[too_long], 1, -1)
    return RunsAnalysis(
        n_obs=n_obs,
        n_useful=n_useful,
        longest_run=longest_run,
        longest_run_max=longest_max,
        n_crossings=n_crossings,
        n_crossings_min=crossings_min,
        runs_signal=signal,
        long_run=long_run,
    )
