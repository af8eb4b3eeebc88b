"""Making Data Count rules for XmR charts, as NHSRplotthedots applies them.

Every function works on many series laid end to end: the arrays are sorted by (group, x) and
``group`` holds one integer per point, equal for all points of one series part (one facet and
rebase group). No rule ever looks across a change of ``group``. Missing values (NaN in ``y``) are
never part of a signal and are skipped by the sequence rules: the points either side of a gap are
treated as neighbours.

Per-point results are ``np.int8`` arrays: +1 the point is part of a signal on the high side (or a
rising trend), -1 on the low side (or a falling trend), 0 no signal.

Sources:
    NHS England and NHS Improvement, "Making data count" (2018) and "Making data count:
    strengthening your decisions" (2019).
    NHS-R Community, NHSRplotthedots 0.2.2 (R package), ptd_spc_standard.R and
    ptd_calculate_point_type.R: https://github.com/nhs-r-community/NHSRplotthedots
    NHSRplotthedots issue #194 (2023 change to the two-of-three rule in the Excel tool) and
    issue #202 (6 or 7 point rules).
"""

from __future__ import annotations

import numpy as np

from qikit.errors import DataError

__all__ = [
    "outside_limits",
    "trend",
    "two_of_three",
    "shift",
    "point_type",
    "POINT_TYPES",
]

POINT_TYPES = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)

_POINT_TYPE_ARRAY = np.array(POINT_TYPES, dtype=object)  # 8 bytes a point, not 104

IMPROVEMENT_DIRECTIONS = ("increase", "decrease", None)


# ---------------------------------------------------------------------------
# Segment helpers shared by the rule sets
# ---------------------------------------------------------------------------


def as_float(values, name: str) -> np.ndarray:
    """Return ``values`` as a 1-D float64 array, or raise a plain-words DataError."""
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(
            f"The values in '{name}' must be numbers, but some could not be read as numbers. "
            "Check that column for text or symbols."
        ) from exc
    if arr.ndim != 1:
        raise DataError(
            f"'{name}' must be a single column of values, but it has shape {arr.shape}."
        )
    return arr


def as_group(group, n: int) -> np.ndarray:
    """Return ``group`` as a 1-D int64 array of length ``n``, checking it never decreases."""
    g = np.asarray(group)
    if g.ndim != 1 or g.shape[0] != n:
        raise DataError(
            f"'group' must have one value per point ({n} points), but it has shape {g.shape}."
        )
    g = g.astype(np.int64, copy=False)
    if n > 1 and np.any(g[1:] < g[:-1]):
        raise DataError(
            "'group' must never go down: the points must be sorted by series and then by time. "
            "Sort the data by facet, part and x first."
        )
    return g


def check_lengths(**arrays: np.ndarray) -> int:
    """Check all arrays have the same length and return it."""
    lengths = {name: a.shape[0] for name, a in arrays.items()}
    n = next(iter(lengths.values()))
    if any(length != n for length in lengths.values()):
        found = ", ".join(f"{name}: {length}" for name, length in lengths.items())
        raise DataError(
            f"Every input must have one value per point, but the lengths differ ({found})."
        )
    return n


def run_lengths(key: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Length of the run each position belongs to.

    A run is a stretch of consecutive positions with the same ``key`` and the same ``group``.
    Run ids come from a cumulative sum over the places where either changes; lengths from
    ``np.bincount``; ``np.repeat``-style indexing broadcasts them back to every position.
    """
    n = key.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.ones(n, dtype=bool)
    starts[1:] = (key[1:] != key[:-1]) | (group[1:] != group[:-1])
    run_id = np.cumsum(starts) - 1
    return np.bincount(run_id)[run_id]


def on_valid(values: np.ndarray, valid: np.ndarray | None, fill=0, dtype=np.int8) -> np.ndarray:
    """Scatter ``values`` computed on the valid points back onto all points.

    ``valid=None`` means every point was valid (see :func:`valid_points`).
    """
    if valid is None:
        return np.asarray(values, dtype=dtype)
    out = np.full(valid.shape[0], fill, dtype=dtype)
    out[valid] = values
    return out


def valid_points(y: np.ndarray) -> np.ndarray | None:
    """Mask of the non-missing values, or None when none are missing (the common case)."""
    missing = np.isnan(y)
    return ~missing if missing.any() else None


def keep(valid: np.ndarray | None, *arrays: np.ndarray) -> list[np.ndarray]:
    """The arrays restricted to the valid points."""
    if valid is None:
        return list(arrays)
    return [a[valid] for a in arrays]


def side_of(y: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """+1 above the centre line, -1 below, 0 on it or where either is missing."""
    with np.errstate(invalid="ignore"):
        return (y > centre).view(np.int8) - (y < centre).view(np.int8)


def same_side_runs(side: np.ndarray, group: np.ndarray, length: int) -> np.ndarray:
    """Mark runs of at least ``length`` equal, non-zero ``side`` values within a group."""
    long_run = (side != 0) & (run_lengths(side, group) >= length)
    return np.where(long_run, side, np.int8(0))


def monotone_runs(y: np.ndarray, group: np.ndarray, length: int) -> np.ndarray:
    """Mark points in runs of ``length`` points whose ``length - 1`` steps all go the same way.

    A step of zero (two equal values) breaks the run. A point where a rising run meets a falling
    run belongs to both and takes the direction of the later run, as NHSRplotthedots does.
    """
    n = y.shape[0]
    out = np.zeros(n, dtype=np.int8)
    if n < 2:
        return out
    step = side_of(y[1:], y[:-1])
    step[group[1:] != group[:-1]] = 0  # no step joins two groups
    good = (step != 0) & (run_lengths(step, group[1:]) >= max(length - 1, 1))
    signed = np.where(good, step, np.int8(0))
    out[:-1] = signed  # the step to the right of each point
    out[1:] = np.where(out[1:] != 0, out[1:], signed)  # else the step to its left
    return out


def prepare_series(y, group):
    """``y`` as float64 and ``group`` as a checked int64 code of the same length."""
    y = as_float(y, "y")
    g = as_group(group, y.shape[0])
    return y, g


def check_length(length: int, name: str, smallest: int = 2) -> int:
    """Check a shift or trend length is a whole number of points, at least ``smallest``."""
    whole = isinstance(length, int | np.integer) or (
        isinstance(length, float | np.floating) and float(length).is_integer()
    )
    if not whole or isinstance(length, bool) or length < smallest:
        raise DataError(
            f"'{name}' must be a whole number of points, at least {smallest}, but it is {length!r}."
        )
    return int(length)


# ---------------------------------------------------------------------------
# The four Making Data Count rules
# ---------------------------------------------------------------------------


def outside_limits(y, lcl, ucl) -> np.ndarray:
    """A single point above the upper or below the lower process limit.

    Strict comparison: a point exactly on a limit is not outside it. Points with a missing value
    or missing limits never signal.

    Source: Making Data Count rule 1 ("a single point outside the process limits");
    NHSRplotthedots ptd_spc_standard.R (``y > upl | y < lpl``).
    """
    y = as_float(y, "y")
    lcl = as_float(lcl, "lcl")
    ucl = as_float(ucl, "ucl")
    check_lengths(y=y, lcl=lcl, ucl=ucl)
    return _outside(y, lcl, ucl)


def _outside(y, lcl, ucl):
    with np.errstate(invalid="ignore"):
        return (y > ucl).view(np.int8) - (y < lcl).view(np.int8)


def trend(y, group, length: int = 7) -> np.ndarray:
    """``length`` points in a row, each higher (or each lower) than the one before.

    That is ``length - 1`` consecutive steps of the same sign. Two equal neighbours break the
    trend. A trend may cross the mean. Every point of the trend is flagged, +1 rising, -1 falling.
    Missing values are skipped.

    Source: Making Data Count rule 3 (seven points increasing or decreasing; the NHS Excel tool
    also offers six); NHSRplotthedots ptd_seven_point_trend / ptd_part_of_seven_trend.
    """
    y, g = prepare_series(y, group)
    length = check_length(length, "trend_length")
    valid = valid_points(y)
    return on_valid(monotone_runs(*keep(valid, y, g), length), valid)


def two_of_three(y, cl, lcl, ucl, group, include_outside: bool = False) -> np.ndarray:
    """Two out of three points in a row close to a process limit, all three on the same side.

    "Close" means beyond the near line ``cl + 2/3 (limit - cl)`` (two sigma) but not outside the
    limit. All three points must be on the same side of the mean (none exactly on it); only the
    points beyond the near line are flagged.

    ``include_outside=False`` (default) follows NHSRplotthedots: a point outside the limits does
    not count towards two of three. ``include_outside=True`` follows the change the Making Data
    Count team made to its Excel tool in late 2023: every point beyond the near line counts,
    including those outside the limits.

    Source: Making Data Count rule 4; NHSRplotthedots ptd_two_in_three and ptd_spc_standard.R
    (``close_to_limits``); NHSRplotthedots issue #194 for the 2023 variant.
    """
    y, g = prepare_series(y, group)
    cl = as_float(cl, "cl")
    lcl = as_float(lcl, "lcl")
    ucl = as_float(ucl, "ucl")
    check_lengths(y=y, cl=cl, lcl=lcl, ucl=ucl)
    valid = valid_points(y)
    return on_valid(_two_of_three(*keep(valid, y, cl, lcl, ucl, g), include_outside), valid)


def _two_of_three(y, cl, lcl, ucl, g, include_outside):
    n = y.shape[0]
    if n < 3:
        return np.zeros(n, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        close = (y > cl + (ucl - cl) * (2 / 3)) | (y < cl - (cl - lcl) * (2 / 3))
        if not include_outside:
            close &= ~((y > ucl) | (y < lcl))
    side = side_of(y, cl)
    c = close.view(np.int8)
    # windows start at j and hold j, j+1, j+2 of one group, all on one side of the mean
    window = (
        (g[:-2] == g[2:])
        & (side[:-2] != 0)
        & (side[:-2] == side[1:-1])
        & (side[1:-1] == side[2:])
        & (c[:-2] + c[1:-1] + c[2:] >= 2)
    )
    in_window = np.zeros(n, dtype=bool)
    in_window[:-2] |= window  # each point may be first, second or third in a window
    in_window[1:-1] |= window
    in_window[2:] |= window
    return np.where(in_window & close, side, np.int8(0))


def shift(y, cl, group, length: int = 7) -> np.ndarray:
    """``length`` points in a row all above, or all below, the mean.

    A point exactly on the mean breaks the run (NHSRplotthedots gives it sign 0). Every point of
    the run is flagged. Missing values are skipped.

    Source: Making Data Count rule 2 (a run of seven points above or below the mean; the NHS
    Excel tool also offers six); NHSRplotthedots ptd_seven_point_one_side_mean.
    """
    y, g = prepare_series(y, group)
    cl = as_float(cl, "cl")
    check_lengths(y=y, cl=cl)
    length = check_length(length, "shift_length", smallest=1)
    valid = valid_points(y)
    yv, clv, gv = keep(valid, y, cl, g)
    return on_valid(same_side_runs(side_of(yv, clv), gv, length), valid)


# ---------------------------------------------------------------------------
# Combining the rules into a point type
# ---------------------------------------------------------------------------


def plotthedots_trend_labels(y: np.ndarray, group: np.ndarray, trending: np.ndarray):
    """Trend directions as NHSRplotthedots labels them ("7 Point Trend (In/Decreasing)").

    A trend point whose next point (same group) is also a trend point takes the sign of the step
    to it, with a flat step read as decreasing; other trend points keep their own direction,
    which is the step from the point before.

    Source: NHSRplotthedots 0.2.2, ptd_special_cause_type ("if a point is part of a trend
    either side, use right side").
    """
    out = trending.copy()
    if y.shape[0] < 2:
        return out
    both = (trending[:-1] != 0) & (trending[1:] != 0) & (group[1:] == group[:-1])
    right = np.where(y[1:] > y[:-1], np.int8(1), np.int8(-1))
    out[:-1] = np.where(both, right, trending[:-1])
    return out


def signal_direction(outside, trending, two_three, shifted) -> np.ndarray:
    """The direction of each point's signal after combining the four rules.

    The first rule that flags the point, in the order outside the limits, trend, two of three,
    shift, decides the direction (NHSRplotthedots ptd_special_cause_type).
    """
    direction = np.asarray(shifted, dtype=np.int8).copy()
    for flags in (two_three, trending, outside):  # later in this list = higher precedence
        flags = np.asarray(flags, dtype=np.int8)
        direction = np.where(flags != 0, flags, direction)
    return direction.astype(np.int8)


def point_type(
    y,
    cl,
    lcl,
    ucl,
    group,
    improvement,
    shift_length: int = 7,
    trend_length: int = 7,
    *,
    include_outside: bool = False,
    conflict: str = "precedence",
    trend_direction: str = "plotthedots",
) -> np.ndarray:
    """Classify every point as common cause or special cause improvement / concern / neutral.

    The four rules are applied within each group and combined as NHSRplotthedots does: the rules
    are taken in precedence order (1) outside the limits, (2) trend, (3) two of three close to a
    limit, (4) shift; the first rule that flags a point decides its direction (high or low).
    The direction is then read against ``improvement``: "increase" (higher is better),
    "decrease" (lower is better) or None (no direction: neutral high / low).

    ``conflict="improvement"`` instead follows the Making Data Count single-chart Excel tool:
    when rules flag a point in both directions, improvement is shown. (Only possible when a trend
    runs against the side of the mean or a limit.)

    ``trend_direction`` decides whether a trend point counts as high or low. "plotthedots"
    (default) copies NHSRplotthedots exactly: a trend point whose next point is also part of a
    trend takes the direction of the step to that next point, otherwise the step from the point
    before. Where two separate trends meet (the end of one, a flat or opposite step, the start of
    the next), this calls the last point of the first trend by the direction of that step, not
    of its own trend. "trend" gives every point the direction of the trend it belongs to (a
    shared peak takes the later trend), as :func:`trend` reports it.

    Returns an array (dtype object) of strings, one of :data:`POINT_TYPES` per point.

    Source: NHSRplotthedots 0.2.2, ptd_special_cause_type and ptd_point_type
    (R/ptd_calculate_point_type.R); NHSRplotthedots issue #194 for the Excel tool's handling of
    conflicting signals.
    """
    if improvement == "neutral":
        improvement = None
    if improvement not in IMPROVEMENT_DIRECTIONS:
        raise DataError(
            "'improvement' must be 'increase' (higher is better), 'decrease' (lower is better) "
            f"or None (no direction), but it is {improvement!r}."
        )
    if conflict not in ("precedence", "improvement"):
        raise DataError(
            f"'conflict' must be 'precedence' or 'improvement', but it is {conflict!r}."
        )
    if trend_direction not in ("plotthedots", "trend"):
        raise DataError(
            f"'trend_direction' must be 'plotthedots' or 'trend', but it is {trend_direction!r}."
        )
    y, g = prepare_series(y, group)
    cl, lcl, ucl = as_float(cl, "cl"), as_float(lcl, "lcl"), as_float(ucl, "ucl")
    check_lengths(y=y, cl=cl, lcl=lcl, ucl=ucl)
    shift_length = check_length(shift_length, "shift_length", smallest=1)
    trend_length = check_length(trend_length, "trend_length")
    valid = valid_points(y)
    yv, clv, lclv, uclv, gv = keep(valid, y, cl, lcl, ucl, g)
    trending = monotone_runs(yv, gv, trend_length)
    if trend_direction == "plotthedots":
        trending = plotthedots_trend_labels(yv, gv, trending)
    rules = (
        _outside(yv, lclv, uclv),
        trending,
        _two_of_three(yv, clv, lclv, uclv, gv, include_outside),
        same_side_runs(side_of(yv, clv), gv, shift_length),
    )
    direction = signal_direction(*rules)
    # codes index POINT_TYPES: 0 common cause, 1 improvement, 2 concern, 3/4 neutral high/low
    if improvement is None:
        codes = np.where(direction > 0, 3, np.where(direction < 0, 4, 0))
    else:
        good = 1 if improvement == "increase" else -1
        if conflict == "improvement":
            any_good = np.zeros(direction.shape[0], dtype=bool)
            for flags in rules:
                any_good |= flags == good
            direction = np.where(any_good, good, direction)
        codes = np.where(direction == good, 1, np.where(direction == -good, 2, 0))
    return _POINT_TYPE_ARRAY[on_valid(codes, valid)]
