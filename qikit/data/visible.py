"""Small checks that a teaching series really shows the pattern it claims.

The teaching series are drawn again until these checks agree with their ground truth, so a
"stable" series never carries a signal by chance and a "shift" always shows one. The checks use
the published rules (QI_REFERENCE 3.3 and 4.2) on one short series at a time: the Anhøj limits
come from the SPC engine's rule functions, the rest are a few lines each.
"""

from __future__ import annotations

import numpy as np

from qikit.spc.rules import anhoej


def longest_run_limit(useful: int) -> int:
    """Longest run above which a run is unusually long (Anhøj; the SPC engine's rule)."""
    return int(anhoej.longest_run_limit(useful))


def crossings_limit(useful: int) -> int:
    """Fewest crossings expected by chance (Anhøj; the SPC engine's rule)."""
    return int(anhoej.crossings_limit(useful))


def runs(values: np.ndarray, centre: float) -> tuple[int, int, int]:
    """Longest run, crossings and useful points about ``centre`` (points on it are dropped)."""
    side = np.sign(np.asarray(values, dtype=float) - centre)
    side = side[side != 0]
    if side.size == 0:
        return 0, 0, 0
    change = np.flatnonzero(side[1:] != side[:-1])
    bounds = np.concatenate(([0], change + 1, [side.size]))
    return int(np.diff(bounds).max()), int(change.size), int(side.size)


def runs_verdict(values: np.ndarray, centre: float) -> tuple[bool, bool]:
    """(unusually long run, unusually few crossings) about ``centre``."""
    longest, crossings, useful = runs(values, centre)
    if useful < 2:
        return False, False
    return longest > longest_run_limit(useful), crossings < crossings_limit(useful)


def scores(chart: str, y: np.ndarray, n: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Each point's plotted value and its distance from the centre line in sigma units.

    Formulas from QI_REFERENCE 4.2: I chart mean and moving range / 1.128; p and u pooled with
    binomial / Poisson sigma per point; c with sqrt(c-bar); g with sqrt(m(m + 1)); t as an I
    chart of y^(1/3.6).
    """
    y = np.asarray(y, dtype=float)
    if chart in ("run", "i", "t"):
        value = y ** (1 / 3.6) if chart == "t" else y
        ranges = np.abs(np.diff(value))
        # Nelson screening, as qicharts2 does: drop ranges of 3.267 x their mean or more, once.
        kept = ranges[ranges < 3.267 * ranges.mean()]
        sigma = (kept.mean() if kept.size else ranges.mean()) / 1.128
        return value, (value - value.mean()) / sigma
    if chart == "p":
        p = y.sum() / n.sum()
        return y / n, (y / n - p) / np.sqrt(p * (1 - p) / n)
    if chart == "u":
        u = y.sum() / n.sum()
        return y / n, (y / n - u) / np.sqrt(u / n)
    if chart == "c":
        return y, (y - y.mean()) / np.sqrt(y.mean())
    m = y.mean()  # g
    return y, (y - m) / np.sqrt(m * (m + 1))


def centre_lines(chart: str, value: np.ndarray, y: np.ndarray, n: np.ndarray | None) -> list:
    """Centre lines a learner may run the runs analysis about: the median and the chart's CL."""
    lines = [float(np.median(value))]
    if chart in ("i", "c", "t"):
        lines.append(float(value.mean()))
    elif chart in ("p", "u"):
        lines.append(float(np.sum(y) / np.sum(n)))
    return lines


def longest_trend(values: np.ndarray) -> int:
    """Points in the longest run of steady rises or steady falls; equal neighbours count once."""
    values = np.asarray(values, dtype=float)
    values = values[np.concatenate(([True], np.diff(values) != 0))]
    step = np.sign(np.diff(values))
    longest, current = 1, 1
    for k, s in enumerate(step):
        current = current + 1 if k and s == step[k - 1] else 2
        longest = max(longest, current)
    return longest


def two_of_three_beyond_two_sigma(z: np.ndarray) -> bool:
    """Two of three points in a row beyond 2 sigma on the same side (MDC, QI_REFERENCE 5.1)."""
    for side in (z > 2, z < -2):
        window = side[:-2].astype(int) + side[1:-1] + side[2:]
        if (window >= 2).any():
            return True
    return False
