"""IHI run chart rules (Perla, Provost and Murray), for a run chart with the median as centre line.

Inputs follow the same layout as :mod:`qikit.spc.rules.mdc`: many series laid end to end, sorted
by (group, x), with ``group`` one integer per series part. No rule looks across a change of
``group``. Missing values (NaN) are never part of a signal and are skipped.

Sources:
    Perla RJ, Provost LP, Murray SK (2011). The run chart: a simple analytical tool for learning
    from variation in healthcare processes. BMJ Quality & Safety 20:46-51.
    Provost LP, Murray SK (2011). The Health Care Data Guide. Jossey-Bass, chapter 3.
    Swed FS, Eisenhart C (1943). Tables for testing randomness of grouping in a sequence of
    alternatives. Annals of Mathematical Statistics 14:66-87 (the runs table).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from qikit.spc.rules.mdc import (
    as_float,
    check_length,
    check_lengths,
    monotone_runs,
    on_valid,
    prepare_series,
    same_side_runs,
    side_of,
)

__all__ = ["shift", "trend", "runs", "runs_table"]

EXACT_TABLE_FILE = Path(__file__).with_name("ihi_runs_table.csv")
PUBLISHED_TABLE_FILE = Path(__file__).with_name("ihi_runs_perla_2011.csv")
#: Where a row of :func:`runs_table` comes from.
PUBLISHED = "Perla, Provost and Murray (2011) Table 1"
EXACT = "exact Swed-Eisenhart 2.5% per tail"


def _read(path: Path) -> pd.DataFrame:
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    return pd.DataFrame(
        {key: np.array([int(r[key]) for r in rows], dtype=np.int64) for key in rows[0]}
    )


@cache
def runs_table() -> pd.DataFrame:
    """The runs table used by rule 3: n_useful, runs_lower, runs_upper, source.

    Fewer runs than ``runs_lower``, or more than ``runs_upper``, is a signal. Where the printed
    Perla, Provost and Murray (2011) Table 1 could be confirmed (24 values of n from 10 to 40,
    ``ihi_runs_perla_2011.csv``) its limits are used as printed, because learners check charts
    against that table; they are more conservative than the exact limits at n = 11, 12, 17, 20,
    22, 23, 25 and 32. Every other n (27, 29, 30, 33, 35, 37, 39 and 41-200) takes the exact
    Swed-Eisenhart limits, 2.5% in each tail (``ihi_runs_table.csv``): no single tail probability
    reproduces all the printed rows, so there is no rule to extend them by. ``exact_lower`` and
    ``exact_upper`` hold the exact limits for every n, so the two sources stay apart.
    """
    exact = _read(EXACT_TABLE_FILE).rename(
        columns={"runs_lower": "exact_lower", "runs_upper": "exact_upper"}
    )
    published = _read(PUBLISHED_TABLE_FILE)
    table = exact.merge(published, on="n_useful", how="left")
    printed = table["runs_lower"].notna()
    table["runs_lower"] = table["runs_lower"].fillna(table["exact_lower"]).astype(np.int64)
    table["runs_upper"] = table["runs_upper"].fillna(table["exact_upper"]).astype(np.int64)
    table["source"] = np.where(printed, PUBLISHED, EXACT)
    return table[["n_useful", "runs_lower", "runs_upper", "source", "exact_lower", "exact_upper"]]


@cache
def _lookup() -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper limits indexed by n_useful (-1 where the table has no row)."""
    table = runs_table()
    size = int(table["n_useful"].max()) + 1
    lower = np.full(size, -1, dtype=np.int64)
    upper = np.full(size, -1, dtype=np.int64)
    lower[table["n_useful"].to_numpy()] = table["runs_lower"].to_numpy()
    upper[table["n_useful"].to_numpy()] = table["runs_upper"].to_numpy()
    return lower, upper


def _sides(y, cl, group):
    """Valid values, their side of the median (0 on it) and their group."""
    y, g = prepare_series(y, group)
    cl = as_float(cl, "cl")
    check_lengths(y=y, cl=cl)
    valid = ~np.isnan(y) & ~np.isnan(cl)
    side = side_of(y[valid], cl[valid])
    return valid, side, g


def shift(y, cl, group, length: int = 6) -> np.ndarray:
    """Six or more points in a row all above, or all below, the median.

    Points exactly on the median are skipped: they neither add to nor break the shift, and are
    not flagged themselves. Every other point of the shift is flagged, +1 above, -1 below.

    Source: Perla, Provost and Murray (2011), rule 1 ("shift"); Provost and Murray (2011),
    The Health Care Data Guide, chapter 3.
    """
    length = check_length(length, "shift_length", smallest=1)
    valid, side, g = _sides(y, cl, group)
    useful = side != 0
    flags = on_valid(same_side_runs(side[useful], g[valid][useful], length), useful)
    return on_valid(flags, valid)


def inner_third(y, cl, lcl, ucl, group, length: int = 15) -> np.ndarray:
    """Fifteen or more points in a row in the inner third of the limits (within one sigma of the
    centre line, on either side): less variation than the limits expect.

    It has no direction: it says the limits may have been worked out from mixed data (several
    wards or shifts pooled) or that the data are not what they seem, not that things got better
    or worse. Points with no limits, or missing, break the run. Flags are 1 on every point of
    such a run.

    Source: Provost and Murray (2011), The Health Care Data Guide, chapter 5 (rule 5 of the
    Shewhart chart rules); QI_REFERENCE 4.2.
    """
    length = check_length(length, "inner_third_length")
    y, g = prepare_series(y, group)
    cl, lcl, ucl = as_float(cl, "cl"), as_float(lcl, "lcl"), as_float(ucl, "ucl")
    check_lengths(y=y, cl=cl, lcl=lcl, ucl=ucl)
    with np.errstate(invalid="ignore"):
        inside = (y < cl + (ucl - cl) / 3) & (y > cl - (cl - lcl) / 3)
    inside &= ~(np.isnan(y) | np.isnan(lcl) | np.isnan(ucl))
    flags = np.zeros(y.shape[0], dtype=np.int8)
    start = 0
    for k in range(1, y.shape[0] + 1):
        if k == y.shape[0] or not inside[k] or not inside[k - 1] or g[k] != g[k - 1]:
            if inside[start] and k - start >= length:
                flags[start:k] = 1
            start = k
    return flags


def trend(y, group, length: int = 5) -> np.ndarray:
    """Five or more points in a row all going up, or all going down.

    When neighbouring values are equal, only one of them is counted: the trend neither grows
    nor breaks, and both equal points are flagged with it. +1 rising, -1 falling.

    Source: Perla, Provost and Murray (2011), rule 2 ("trend"); Provost and Murray (2011),
    The Health Care Data Guide, chapter 3.
    """
    y, g = prepare_series(y, group)
    length = check_length(length, "trend_length")
    valid = ~np.isnan(y)
    yv, gv = y[valid], g[valid]
    n = yv.shape[0]
    keep = np.ones(n, dtype=bool)
    keep[1:] = (yv[1:] != yv[:-1]) | (gv[1:] != gv[:-1])
    distinct = monotone_runs(yv[keep], gv[keep], length)
    representative = np.cumsum(keep) - 1  # each point's first equal neighbour
    return on_valid(distinct[representative], valid)


def runs(y, cl, group) -> tuple[np.ndarray, pd.DataFrame]:
    """Too few or too many runs for the number of useful observations.

    A run is one or more points in a row on the same side of the median; a new run starts only
    when the line crosses the median. Useful observations are the points not on the median
    (and not missing). The count of runs is compared with the runs table (:func:`runs_table`):
    fewer than ``runs_lower`` or more than ``runs_upper`` is a signal. The table follows the
    printed Perla et al. Table 1 where it could be confirmed and the exact limits elsewhere. It
    starts at 10 useful observations, the fewest the IHI rules are used with; with fewer, or
    more than the table holds, no limits are given and there is no signal.

    Returns ``(per_point, per_group)``: ``per_point`` is True for every point of a group whose
    runs count is a signal; ``per_group`` has one row per group with columns group, n_useful,
    n_runs, runs_lower, runs_upper, runs_signal.

    Source: Perla, Provost and Murray (2011), rule 3 and Table 1; Swed and Eisenhart (1943).
    """
    valid, side, g = _sides(y, cl, group)
    n = g.shape[0]
    starts = np.ones(n, dtype=bool)
    starts[1:] = g[1:] != g[:-1]
    group_ids = np.cumsum(starts) - 1
    n_groups = int(group_ids[-1]) + 1 if n else 0
    group_values = g[starts]

    useful = side != 0
    useful_group = group_ids[valid][useful]
    useful_side = side[useful]
    n_useful = np.bincount(useful_group, minlength=n_groups)
    new_run = np.ones(useful_side.shape[0], dtype=bool)
    new_run[1:] = (useful_side[1:] != useful_side[:-1]) | (useful_group[1:] != useful_group[:-1])
    n_runs = np.bincount(useful_group, weights=new_run, minlength=n_groups).astype(np.int64)

    lower_by_n, upper_by_n = _lookup()
    in_table = (n_useful < lower_by_n.shape[0]) & (
        lower_by_n[np.minimum(n_useful, lower_by_n.shape[0] - 1)] >= 0
    )
    index = np.where(in_table, n_useful, 0)
    lower = np.where(in_table, lower_by_n[index], -1)
    upper = np.where(in_table, upper_by_n[index], -1)
    signal = in_table & ((n_runs < lower) | (n_runs > upper))

    per_group = pd.DataFrame(
        {
            "group": group_values,
            "n_useful": n_useful.astype(np.int64),
            "n_runs": n_runs,
            "runs_lower": pd.array(np.where(in_table, lower, 0), dtype="Int64"),
            "runs_upper": pd.array(np.where(in_table, upper, 0), dtype="Int64"),
            "runs_signal": signal,
        }
    )
    per_group.loc[~in_table, ["runs_lower", "runs_upper"]] = pd.NA
    per_point = signal[group_ids] if n else np.zeros(0, dtype=bool)
    return per_point, per_group
