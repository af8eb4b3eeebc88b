"""Making Data Count summary icons: variation (what the latest point shows) and assurance (will
the process meet its target?).

Sources:
    NHS England and NHS Improvement, "Making data count: strengthening your decisions" (2019):
    the variation and assurance icons.
    NHSRplotthedots 0.2.2 (R package), ptd_calculate_assurance_type.R and geom_ptd_icon.R:
    https://github.com/nhs-r-community/NHSRplotthedots
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from qikit.errors import DataError

__all__ = ["variation_icon", "assurance", "VARIATION_ICONS", "ASSURANCE_TYPES"]

VARIATION_ICONS = (
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)

ASSURANCE_TYPES = ("pass", "fail", "hit_and_miss", "none")


def _direction(improvement) -> int:
    """+1 higher is better, -1 lower is better, 0 no direction."""
    if improvement is None or improvement == "neutral":
        return 0
    if improvement == "increase":
        return 1
    if improvement == "decrease":
        return -1
    raise DataError(
        "'improvement' must be 'increase' (higher is better), 'decrease' (lower is better) "
        f"or None (no direction), but it is {improvement!r}."
    )


def variation_icon(last_point_type: str, improvement: str | None = None) -> str:
    """The variation icon for a chart, from the type of its latest point.

    ``last_point_type`` is one of the point types of :func:`qikit.spc.rules.mdc.point_type`.
    For improvement and concern the icon also says which way the values went, so the
    improvement direction is needed: with "increase", improvement is high and concern low;
    with "decrease", the other way round. Neutral points already carry high or low.

    Returns one of common_cause, improvement_high, improvement_low, concern_high, concern_low,
    neutral_high, neutral_low.

    Source: Making Data Count variation icons; NHSRplotthedots geom_ptd_icon.R ("H"/"L" by
    improvement direction) and its variation_icon column (the type of the last point).
    """
    simple = {
        "common_cause": "common_cause",
        "special_cause_neutral_high": "neutral_high",
        "special_cause_neutral_low": "neutral_low",
    }
    if last_point_type in simple:
        return simple[last_point_type]
    if last_point_type not in ("special_cause_improvement", "special_cause_concern"):
        raise DataError(
            "The latest point type must be common_cause, special_cause_improvement, "
            "special_cause_concern, special_cause_neutral_high or special_cause_neutral_low, "
            f"but it is {last_point_type!r}."
        )
    direction = _direction(improvement)
    if direction == 0:
        raise DataError(
            f"The latest point is '{last_point_type}', which needs an improvement direction "
            "('increase' or 'decrease') to choose its icon, but none was given."
        )
    if last_point_type == "special_cause_concern":
        direction = -direction
    kind = "improvement" if last_point_type == "special_cause_improvement" else "concern"
    return f"{kind}_{'high' if direction > 0 else 'low'}"


def _numbers(value, name: str) -> np.ndarray:
    """A float array from a number, None / NaN / pd.NA (missing) or an array of them."""
    if np.ndim(value) == 0:
        value = np.nan if value is None or pd.isna(value) else value
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise DataError(f"'{name}' must be a number, but it is {value!r}.") from exc


def assurance(target, lcl, ucl, improvement, inclusive: bool = True):
    """Whether the process will meet its target, from where the target sits against the limits.

    For "increase" (higher is better): a target above the upper limit will consistently be
    missed ("fail"); a target below the lower limit will consistently be met ("pass"); a target
    between the limits will sometimes be met and sometimes not ("hit_and_miss"). Mirrored for
    "decrease". "none" when there is no target, no improvement direction, or no limits. A target
    exactly on a limit counts as beyond it (>= / <=), the Making Data Count convention;
    ``inclusive=False`` gives NHSRplotthedots' strict comparison, where it is "hit_and_miss".

    Give the limits of the latest point. Scalars give a string; arrays (one value per chart)
    give an array of strings.

    Source: Making Data Count assurance icons; NHSRplotthedots ptd_calculate_assurance_type.R.
    """
    direction = _direction(improvement)
    scalar = all(np.ndim(v) == 0 for v in (target, lcl, ucl))
    t, lo, hi = _numbers(target, "target"), _numbers(lcl, "lcl"), _numbers(ucl, "ucl")
    t, lo, hi = np.broadcast_arrays(t, lo, hi)
    result = np.full(t.shape, "none", dtype=object)
    if direction != 0:
        known = ~(np.isnan(t) | np.isnan(lo) | np.isnan(hi))
        above = known & ((t >= hi) if inclusive else (t > hi))
        below = known & ((t <= lo) if inclusive else (t < lo))
        result[known] = "hit_and_miss"
        result[above] = "fail" if direction > 0 else "pass"
        result[below] = "pass" if direction > 0 else "fail"
    if scalar:
        return str(result[()])
    return result.astype(str)
