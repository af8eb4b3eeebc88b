"""Turn an SPC result into the small table a chart draws, and the facts its words need.

Drawing never recalculates limits or signals: it only reads the columns of ``result.points``
and ``result.summary``, keeps the few a chart needs under short names and writes them inline as
CSV with six significant figures, which keeps even a trust-wide board of hundreds of series
small enough to open on any laptop with no internet.

Short column names in the drawing table:

====  =====================================================================
f     series number (facet), from 0
x     date (ISO text) or number
y     plotted value
c     centre line (mean or median)
l, u  lower and upper limit (empty on run charts)
g     target (empty when none)
p     phase (part), from 1
s     what the point shows: 0 common cause, 1 improvement, 2 concern, 3 neutral
r     which rules fired, as a number into :attr:`Drawing.rule_texts`
t     1 when the phase has trial limits (fewer than 20 baseline points)
b     1 for a frozen baseline point (a phase whose limits come from its first points)
e     1 for the last point of a phase, 2 for the last point of the series
n     1 for the first point of the second and later phases
a     1 when the runs analysis found a signal in the phase (long run or too few crossings)
====  =====================================================================
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from qikit.errors import DataError

TRIAL_BELOW = 20
STATUS_CODES = {"": 0, "common cause": 0, "improvement": 1, "concern": 2, "neutral": 3}

RULE_WORDS = (
    ("sigma_signal", "a point outside the limits"),
    ("shift_signal", "a shift (a long run on one side of the centre line)"),
    ("trend_signal", "a trend (points going steadily up or down)"),
    ("two_of_three_signal", "two of three points close to a limit"),
    ("inner_third_signal", "15 points in a row close to the centre line"),
    ("runs_signal", "runs analysis: a long run or too few crossings in this phase"),
)
EXCLUDED_WORDS = "left out of the limits"
NO_RULE = "no rule fired"

CHART_NAMES = {
    "run": "Run chart",
    "i": "I chart (individual values)",
    "mr": "Moving range chart",
    "xbar": "X-bar chart (subgroup means)",
    "s": "S chart (subgroup spread)",
    "p": "P chart (proportions)",
    "pp": "Laney P\u2032 chart (proportions)",
    "u": "U chart (rates)",
    "up": "Laney U\u2032 chart (rates)",
    "c": "C chart (counts)",
    "g": "G chart (cases between events)",
    "t": "T chart (time between events)",
}


@dataclass
class Drawing:
    """The table a chart draws plus what the titles and descriptions say about it."""

    table: pd.DataFrame
    x_kind: str  # "temporal", "quantitative" or "ordinal"
    facets: list[str]
    rule_texts: list[str]
    statuses: list[int]
    chart_type: str
    has_limits: bool
    has_target: bool
    any_trial: bool
    any_frozen: bool
    n_parts: int
    variation: list[str] = field(default_factory=list)  # per facet, "" when unknown
    assurance: list[str] = field(default_factory=list)  # per facet, "" or "none" when none
    summary: pd.DataFrame | None = None
    result: Any = None

    @property
    def chart_name(self) -> str:
        return CHART_NAMES.get(self.chart_type, "Control chart")

    def csv_data(self) -> alt.InlineData:
        """The table as inline CSV with explicit types (compact, and no row limit)."""
        parse = {c: "number" for c in self.table.columns if c != "x"}
        parse["x"] = {"temporal": "date", "quantitative": "number"}.get(self.x_kind, "string")
        text = self.table.to_csv(index=False, float_format="%.6g", lineterminator="\n")
        return alt.InlineData(values=text, format=alt.DataFormat(type="csv", parse=parse))


def _points(result: Any) -> pd.DataFrame:
    points = getattr(result, "points", None)
    if not isinstance(points, pd.DataFrame):
        raise DataError(
            "result: expected the result of qikit.spc(...) with a .points table, "
            f"found {type(result).__name__}. "
            "Run qikit.spc on your data first, then plot the result."
        )
    missing = [c for c in ("x", "y", "cl") if c not in points.columns]
    if missing:
        raise DataError(
            f"result.points: expected columns x, y and cl, but {', '.join(missing)} "
            "is missing. Plot the result exactly as qikit.spc returned it."
        )
    if points.empty:
        raise DataError(
            "result.points: expected at least one point to draw, found none. "
            "Check that your data has values in the measure column."
        )
    return points


def _bool(points: pd.DataFrame, name: str, default: bool = False) -> np.ndarray:
    if name not in points.columns:
        return np.full(len(points), default)
    return points[name].fillna(default).astype(bool).to_numpy()


def _number(points: pd.DataFrame, name: str) -> np.ndarray:
    if name not in points.columns:
        return np.full(len(points), np.nan)
    return pd.to_numeric(points[name], errors="coerce").to_numpy(dtype=float)


def _x_values(x: pd.Series) -> tuple[pd.Series, str]:
    if pd.api.types.is_datetime64_any_dtype(x):
        stamps = pd.to_datetime(x)
        if stamps.dt.tz is not None:
            stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
        midnight = (stamps.dt.normalize() == stamps) | stamps.isna()
        fmt = "%Y-%m-%d" if bool(midnight.all()) else "%Y-%m-%dT%H:%M:%SZ"
        return stamps.dt.strftime(fmt), "temporal"
    if pd.api.types.is_numeric_dtype(x):
        return x, "quantitative"
    if x.map(lambda v: hasattr(v, "isoformat")).all():  # datetime.date objects
        return _x_values(pd.to_datetime(x))
    return x.astype(str), "ordinal"


def _status(points: pd.DataFrame, fired: np.ndarray) -> np.ndarray:
    if "special_cause" in points.columns:
        words = points["special_cause"].fillna("").astype(str).str.lower().str.strip()
        codes = words.map(STATUS_CODES).fillna(3).to_numpy(dtype=int)
    else:
        codes = np.zeros(len(points), dtype=int)
    # a rule fired with no direction recorded: special cause, neither better nor worse
    return np.where((codes == 0) & fired, 3, codes)


def _facet_names(points: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    if "facet" not in points.columns or points["facet"].isna().all():
        return np.zeros(len(points), dtype=int), [""]
    labels = points["facet"].astype(str)
    names = list(pd.unique(labels))
    return pd.Categorical(labels, categories=names).codes.astype(int), names


def _per_facet(summary: pd.DataFrame | None, names: list[str], column: str) -> list[str]:
    """The value of a summary column for the last phase of each series ("" when absent)."""
    if summary is None or column not in summary.columns or summary.empty:
        return [""] * len(names)
    frame = summary
    if "part" in frame.columns:
        frame = frame.sort_values("part", kind="stable")
    if "facet" in frame.columns and len(names) > 1:
        last = frame.groupby(frame["facet"].astype(str), sort=False)[column].last()
        return [str(last.get(name, "") or "") for name in names]
    value = frame[column].iloc[-1]
    return [
        ("" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value))
    ]


def drawing(result: Any) -> Drawing:
    """Read an SPC result into a :class:`Drawing` (no limits or rules are recalculated)."""
    points = _points(result).reset_index(drop=True)
    f, facets = _facet_names(points)
    x, x_kind = _x_values(points["x"])
    part = _number(points, "part")
    part = np.where(np.isnan(part), 1, part).astype(int)

    flags = {name: _bool(points, name) for name, _ in RULE_WORDS}
    include = _bool(points, "include", default=True)
    fired = flags["sigma_signal"] | flags["shift_signal"] | flags["trend_signal"]
    fired = fired | flags["two_of_three_signal"]
    status = _status(points, fired)

    texts = np.full(len(points), "", dtype=object)
    for name, words in RULE_WORDS:
        texts = np.where(flags[name], np.where(texts == "", words, texts + "; " + words), texts)
    texts = np.where(
        ~include, np.where(texts == "", EXCLUDED_WORDS, texts + "; " + EXCLUDED_WORDS), texts
    )
    texts = np.where(texts == "", NO_RULE, texts)
    rule_texts = list(pd.unique(texts))
    rule_code = pd.Categorical(texts, categories=rule_texts).codes

    lcl, ucl = _number(points, "lcl"), _number(points, "ucl")
    target = _number(points, "target")
    result_target = getattr(result, "target", None)
    if np.isnan(target).all() and isinstance(result_target, int | float):
        target = np.full(len(points), float(result_target))
    has_limits = bool(np.isfinite(lcl).any() or np.isfinite(ucl).any())

    baseline = _bool(points, "baseline", default=True)
    keys = pd.DataFrame({"f": f, "p": part, "base": baseline & include, "b0": baseline})
    groups = keys.groupby(["f", "p"], sort=False)
    n_base = groups["base"].transform("sum").to_numpy()
    all_base = groups["b0"].transform("all").to_numpy()
    trial = has_limits & (n_base < TRIAL_BELOW)
    frozen = baseline & ~all_base
    position = groups.cumcount().to_numpy()
    size = groups["p"].transform("size").to_numpy()
    last_of_series = ~pd.Series(f).duplicated(keep="last").to_numpy()
    new_part = (position == 0) & (part != keys.groupby("f")["p"].transform("min").to_numpy())

    table = pd.DataFrame(
        {
            "f": f,
            "x": x.to_numpy(),
            "y": _number(points, "y"),
            "c": _number(points, "cl"),
            "l": lcl,
            "u": ucl,
            "g": target,
            "p": part,
            "s": status,
            "r": rule_code,
            "t": trial.astype(int),
            "b": frozen.astype(int),
            "e": (position == size - 1).astype(int) + last_of_series.astype(int),
            "n": new_part.astype(int),
            "a": (flags["runs_signal"]).astype(int),
        }
    )
    summary = getattr(result, "summary", None)
    summary = summary if isinstance(summary, pd.DataFrame) else None
    chart_type = str(getattr(result, "chart_type", "") or ("i" if has_limits else "run"))
    return Drawing(
        table=table,
        x_kind=x_kind,
        facets=facets,
        rule_texts=[str(t) for t in rule_texts],
        statuses=sorted(set(status.tolist()) | {0}),
        chart_type=chart_type.lower(),
        has_limits=has_limits,
        has_target=bool(np.isfinite(target).any()),
        any_trial=bool(trial.any()),
        any_frozen=bool(frozen.any()),
        n_parts=int(keys.groupby("f")["p"].nunique().max()),
        variation=_per_facet(summary, facets, "variation_icon"),
        assurance=_per_facet(summary, facets, "assurance"),
        summary=summary,
        result=result,
    )
