"""Which control chart? The chart-selection table of QI_REFERENCE 4.1 (qicharts2 vignette [S26]).

| Data                                               | Chart            |
|----------------------------------------------------|------------------|
| Continuous, one value per period                   | I (XmR)          |
| Continuous, subgroups                              | Xbar (with S)    |
| Classification (numerator part of denominator)     | P; P' if very large subgroups |
| Counts, equal area of opportunity                  | C                |
| Counts with varying exposure (per 1,000 OBDs)      | U; U' if very large subgroups |
| Rare events: opportunities between events          | G                |
| Rare events: time between events                   | T                |

Advice from the same source: start with a run chart, and add limits once there are enough points
(kit default: fewer than 12 points means run chart only, QI_REFERENCE 4.3).
"""

from __future__ import annotations

from dataclasses import dataclass

from qikit.errors import DataError

CHART_NAMES = {
    "run": "run chart",
    "i": "I chart (XmR)",
    "xbar": "Xbar and S chart",
    "p": "P chart",
    "pp": "P′ chart (Laney)",
    "u": "U chart",
    "up": "U′ chart (Laney)",
    "c": "C chart",
    "g": "G chart",
    "t": "T chart",
}
#: Words people use for each kind of data, mapped to the table's data types.
DATA_TYPES = {
    "continuous": "continuous",
    "measurement": "continuous",
    "average": "continuous",
    "classification": "classification",
    "percentage": "classification",
    "proportion": "classification",
    "yes/no": "classification",
    "count": "count",
    "rate": "rate",
    "time between": "time between",
    "cases between": "cases between",
    "unknown": "unknown",
}
#: Fewer points than this: run chart only (kit default, QI_REFERENCE 4.3).
FEWEST_POINTS_FOR_LIMITS = 12


@dataclass(frozen=True)
class ChartChoice:
    """The chart to use, its name, and the reason in plain English."""

    chart: str
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: {self.reason}"


def _choice(code: str, reason: str) -> ChartChoice:
    return ChartChoice(code, CHART_NAMES[code], reason)


def choose_chart(
    data_type: str,
    *,
    subgroup_size: int = 1,
    rare_events: bool = False,
    varying_exposure: bool = False,
    very_large_subgroups: bool = False,
    between: str = "time",
    points: int | None = None,
) -> ChartChoice:
    """Pick the chart for a measure, following the table in QI_REFERENCE 4.1.

    Parameters
    ----------
    data_type:
        ``"continuous"`` (a measurement such as minutes or a score), ``"classification"`` (a
        percentage: each case either counts or not), ``"count"`` (a number of events), ``"rate"``
        (a count per amount of exposure, such as per 1,000 occupied bed days), ``"time between"``
        or ``"cases between"`` events, or ``"unknown"``.
    subgroup_size:
        How many measurements make up each point (continuous data).
    rare_events:
        Events are so rare that most periods have none (then chart the gaps between them).
    varying_exposure:
        The area of opportunity (bed days, admissions) changes from period to period.
    very_large_subgroups:
        Denominators are very large (thousands) and the limits look too narrow: use Laney's chart.
    between:
        For rare events: ``"time"`` (days between) or ``"cases"`` (patients or shifts between).
    points:
        How many points there are (or will be soon); below 12 a run chart comes first.
    """
    key = str(data_type).strip().lower().replace("_", " ")
    if key not in DATA_TYPES:
        raise DataError(
            f"The data type should be one of: {', '.join(DATA_TYPES)}; found {data_type!r}. "
            "If you are not sure, choose 'unknown' and start with a run chart."
        )
    kind = DATA_TYPES[key]
    if not isinstance(subgroup_size, int) or isinstance(subgroup_size, bool) or subgroup_size < 1:
        raise DataError(
            f"The subgroup size should be a whole number of 1 or more; found {subgroup_size!r}."
        )
    if between not in ("time", "cases"):
        raise DataError(f"'between' should be 'time' or 'cases'; found {between!r}.")
    if points is not None and points < FEWEST_POINTS_FOR_LIMITS:
        return _choice(
            "run",
            f"With {points} points, start with a run chart. Control limits need at least "
            f"{FEWEST_POINTS_FOR_LIMITS} points, and 20 or more give steady limits.",
        )
    if kind == "unknown":
        return _choice(
            "run",
            "When you are not sure what kind of data you have, start with a run chart: it makes "
            "no assumption about the data.",
        )
    if kind == "continuous":
        if subgroup_size > 1:
            return _choice(
                "xbar",
                f"Each point is the average of {subgroup_size} measurements (a subgroup), so "
                "chart the averages and their spread.",
            )
        return _choice(
            "i",
            "One measurement per period: the I chart (XmR) is the all-purpose chart for this.",
        )
    if kind in ("time between", "cases between") or rare_events:
        if kind == "cases between" or (kind != "time between" and between == "cases"):
            return _choice(
                "g",
                "The events are rare, so count the patients, shifts or cases between them: a "
                "longer gap is good news.",
            )
        return _choice(
            "t",
            "The events are rare, so chart the time between them: a longer gap is good news.",
        )
    if kind == "classification":
        if very_large_subgroups:
            return _choice(
                "pp",
                "Each case either counts or not (a percentage) and the denominators are very "
                "large, so Laney's version stops the limits being too narrow.",
            )
        return _choice(
            "p",
            "Each case either counts or not, and the numerator is part of the denominator: "
            "a percentage, so a P chart.",
        )
    if kind == "rate" or varying_exposure:
        if very_large_subgroups:
            return _choice(
                "up",
                "Counts per amount of exposure with very large denominators: Laney's version "
                "stops the limits being too narrow.",
            )
        return _choice(
            "u",
            "Counts of events where the exposure changes (for example per 1,000 occupied bed "
            "days): a U chart allows for the changing denominator.",
        )
    return _choice(
        "c",
        "Counts of events with the same area of opportunity each period: a C chart. If the "
        "exposure changes, use a rate and a U chart instead.",
    )
