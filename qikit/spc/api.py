"""``spc()``: one entry point for run charts and control charts, and the ``SPCResult`` it returns.

The data flow is one way: validate -> combine rows sharing an x -> phases and baseline ->
centre lines and limits (``charts``) -> signals (``rules``) -> per-point table and summary.
Every facet (ward, measure...) is computed in the same vectorised pass.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qikit.spc import explain as _explain
from qikit.spc.charts import (
    CALCULATORS,
    LANEY_CHARTS,
    SUBGROUP_CHARTS,
    ChartInput,
    segment_count,
)
from qikit.spc.rules import anhoej
from qikit.spc.validate import SPCWarning, validate
from qikit.spc.validate import laney_sigma as _laney_sigma

POINT_COLUMNS = [
    "facet",
    "x",
    "y",
    "numerator",
    "denominator",
    "cl",
    "lcl",
    "ucl",
    "part",
    "baseline",
    "include",
    "sigma_signal",
    "shift_signal",
    "trend_signal",
    "two_of_three_signal",
    "inner_third_signal",
    "runs_signal",
    "special_cause",
    "point_type",
    "near_lcl",
    "near_ucl",
    "target",
]

SUMMARY_COLUMNS = [
    "facet",
    "part",
    "n_obs",
    "n_useful",
    "longest_run",
    "longest_run_max",
    "n_crossings",
    "n_crossings_min",
    "runs_signal",
    "cl",
    "lcl",
    "ucl",
    "sigma_signals",
    "variation_icon",
    "assurance",
    "n_runs",
    "runs_lower",
    "runs_upper",
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral",
]

#: Point types (as NHSRplotthedots names them), by integer code, and the special_cause word.
POINT_TYPES = np.array(
    [
        "common_cause",
        "special_cause_improvement",
        "special_cause_concern",
        "special_cause_neutral_high",
        "special_cause_neutral_low",
    ],
    dtype=object,
)
SPECIAL_CAUSE_WORDS = ["", "improvement", "concern", "neutral"]
#: special_cause word code of each point type code
_SPECIAL_OF_TYPE = np.array([0, 1, 2, 3, 3], dtype=np.int8)

#: Fewest points for limits that are more than trial limits, by rule set.
TRIAL_LIMIT_POINTS = {"anhoej": 20, "ihi": 20, "mdc": 13}
#: Fewest useful points for the run-chart rules.
RUN_RULE_POINTS = 10


@dataclass
class SPCResult:
    """The numbers behind a run chart or control chart.

    ``points``: one row per plotted point (see ``POINT_COLUMNS``); ``summary``: one row per facet
    and part (see ``SUMMARY_COLUMNS``); ``messages``: notes and warnings in plain English.
    """

    points: pd.DataFrame
    summary: pd.DataFrame
    chart_type: str
    rules: str
    improvement: str | None = None
    target: float | None = None
    messages: list[str] = field(default_factory=list)
    y_name: str = "y"
    x_name: str | None = None
    n_name: str | None = None
    facet_name: str | None = None
    multiply: float = 1
    #: On Laney p' / u' charts: how sigma_z was estimated ("screened" or "untrimmed"), and
    #: sigma_z itself for each row of ``summary``. None on other charts.
    laney_sigma: str | None = None
    sigma_z: np.ndarray | None = None

    def explain(self) -> str:
        """A few plain-English sentences a ward manager can read out at a meeting."""
        return _explain.explain(self)

    def chart(self, **kw):
        """Draw this result (see ``qikit.plot.plot`` for the options)."""
        from qikit.plot import plot

        return plot(self, **kw)

    def __repr__(self) -> str:
        facets = self.points["facet"].nunique()
        return (
            f"<SPCResult {self.chart_type} chart, rules={self.rules!r}, "
            f"{len(self.points)} points, {facets} series, {len(self.messages)} notes>"
        )


def _note(messages: list[str], text: str) -> None:
    """Record a note; spc() emits every note as an SPCWarning when it returns."""
    messages.append(text)


def _combine_rows(frame, x_given: bool, has_n: bool):
    """One point per facet and x: numerators and denominators summed, values averaged.

    qicharts2 (``qic.agg``) sums y and n when n is given and plots their ratio, and otherwise
    plots the mean; for xbar and s charts the rows sharing an x are the subgroup.
    """
    facet = frame["facet"]
    y = frame["y"]
    n = frame["n"]
    count = y.size
    new = np.ones(count, dtype=bool)
    if x_given:
        x = frame["x"]
        new[1:] = (facet[1:] != facet[:-1]) | (x[1:] != x[:-1])
    if new.all():  # the usual case: one row per point, nothing to combine
        return {
            "facet": facet,
            "x": frame["x"] if x_given else None,
            "value": y,
            "denominator": n if has_n else np.full(count, np.nan),
            "size": np.ones(count, dtype=np.int64),
            "mean": y,
            "sd": np.full(count, np.nan),
            "combined": 0,
        }
    starts = np.flatnonzero(new)
    size = np.diff(np.append(starts, count))
    point = np.cumsum(new) - 1
    y_sum = np.add.reduceat(y, starts)
    mean = y_sum / size
    dev2 = (y - mean[point]) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt(np.add.reduceat(dev2, starts) / (size - 1))
    sd[size < 2] = np.nan
    n_sum = np.add.reduceat(n, starts) if has_n else np.full(starts.size, np.nan)
    return {
        "facet": facet[starts],
        "x": frame["x"][starts] if x_given else None,
        "value": y_sum if has_n else mean,
        "denominator": n_sum,
        "size": size,
        "mean": mean,
        "sd": sd,
        "combined": int(np.sum(size > 1)),
    }


def _segments(facet_codes: np.ndarray, part: np.ndarray):
    """Segment id (one per facet x part) and the start index of every segment."""
    change = np.ones(facet_codes.size, dtype=bool)
    change[1:] = (facet_codes[1:] != facet_codes[:-1]) | (part[1:] != part[:-1])
    seg = np.cumsum(change) - 1
    return seg, np.flatnonzero(change)


def _phases(clean, facet_codes: np.ndarray, x: np.ndarray | None):
    """Point numbers, parts (phases), segments, baseline and included points.

    Points are numbered from 1 within each facet. A part given as point numbers ends at each
    number (qicharts2); a part given as a date or x value starts there (NHSRplotthedots rebase).
    ``freeze`` counts the first points of each part; ``exclude`` lists point numbers.
    """
    count = facet_codes.size
    facet_start = np.flatnonzero(np.r_[True, facet_codes[1:] != facet_codes[:-1]])
    position = np.arange(count) - facet_start[facet_codes] + 1
    x_out = x if clean.x_given else position.copy()

    part_no = np.ones(count, dtype=np.int64)
    if clean.part_positions:
        part_no += np.searchsorted(np.array(clean.part_positions), position, side="left")
    if clean.part_starts:
        if clean.x_is_date:
            xkey = pd.to_datetime(pd.Series(x_out)).to_numpy().astype("datetime64[ns]")
            starts = np.array([np.datetime64(s, "ns") for s in clean.part_starts])
        else:
            xkey = np.asarray(x_out, dtype=float)
            starts = np.array(clean.part_starts, dtype=float)
        part_no += np.searchsorted(starts, xkey, side="right")
    seg, seg_start = _segments(facet_codes, part_no)
    pos_in_part = np.arange(count) - seg_start[seg] + 1

    baseline = np.ones(count, dtype=bool)
    if clean.freeze is not None:
        baseline = pos_in_part <= clean.freeze
    include = ~np.isin(position, clean.exclude) if clean.exclude else np.ones(count, dtype=bool)
    return position, x_out, part_no, seg, seg_start, baseline, include


def _per_segment_constant(values: np.ndarray, seg: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """The value of each segment when it is the same for all its points, else NaN."""
    nseg = starts.size
    if values.size == 0:
        return np.full(nseg, np.nan)
    filled = np.where(np.isnan(values), np.inf, values)
    lo = np.minimum.reduceat(filled, starts)
    hi = np.maximum.reduceat(filled, starts)
    first = values[starts]
    return np.where((lo == hi) & np.isfinite(lo), first, np.nan)


def _point_type_from_signals(direction: np.ndarray, improvement: str | None) -> np.ndarray:
    """Point type code (index into ``POINT_TYPES``) from the direction of the first signal."""
    if improvement == "increase":
        high, low = 1, 2
    elif improvement == "decrease":
        high, low = 2, 1
    else:
        high, low = 3, 4
    return np.where(direction > 0, high, np.where(direction < 0, low, 0)).astype(np.int8)


def _type_codes(point_type: np.ndarray) -> np.ndarray:
    """Point type names -> codes (index into ``POINT_TYPES``).

    Most points are common cause, so only the others are compared with the special-cause names.
    """
    point_type = np.asarray(point_type, dtype=object)
    codes = np.zeros(point_type.size, dtype=np.int8)
    special = np.flatnonzero(point_type != POINT_TYPES[0])
    names = point_type[special]
    for code, name in enumerate(POINT_TYPES[1:], start=1):
        codes[special[names == name]] = code
    return codes


def _first_signal(*signals: np.ndarray) -> np.ndarray:
    """Direction of the first non-zero signal, in the order given (rule precedence)."""
    out = np.zeros(signals[0].size, dtype=np.int8)
    for s in reversed(signals):
        out = np.where(s != 0, s, out).astype(np.int8)
    return out


def _outside(y: np.ndarray, lcl: np.ndarray, ucl: np.ndarray) -> np.ndarray:
    """+1 above the upper limit, -1 below the lower limit (strict), 0 otherwise."""
    with np.errstate(invalid="ignore"):
        return (np.where(y > ucl, 1, 0) - np.where(y < lcl, 1, 0)).astype(np.int8)


def spc(
    data,
    *,
    y,
    x=None,
    n=None,
    chart="run",
    rules="anhoej",
    facet=None,
    freeze=None,
    part=None,
    exclude=None,
    multiply=1,
    improvement=None,
    target=None,
    shift_length=None,
    trend_length=None,
    screen_mr=True,
    laney_sigma=None,
) -> SPCResult:
    """Compute a run chart or control chart, with its signals, for one or many series.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per measurement.
    y, x, n, facet : str
        Column names: the value (or numerator), time (dates or numbers), denominator (or
        exposure), and the column(s) splitting the data into series (wards, measures).
    chart : str
        One of run, i, mr, xbar, s, p, pp, u, up, c, g, t.
    rules : str
        "anhoej" (qicharts2), "mdc" (NHS Making Data Count, NHSRplotthedots) or "ihi".
    freeze : int
        Number of baseline points used for the limits, which then extend to later points.
    part : int, date or list
        Point numbers ending each phase (1..k is phase 1), or dates on which a new phase starts.
    exclude : int or list
        Point numbers left out of the limits (and of the Anhøj runs analysis).
    multiply : number
        Scale of the plotted values, e.g. 1000 for rates per 1,000 bed days.
    improvement : "increase", "decrease" or None
        Which direction is better; decides improvement / concern colours and icons.
    target : number
        Target line, used for the assurance icon.
    shift_length, trend_length : int
        Points needed for a shift / trend (MDC default 7 and 7; IHI run charts 6 and 5;
        IHI control charts 8 and 6, Provost and Murray's Shewhart rules).
    screen_mr : bool
        Drop very large moving ranges once before computing limits (Nelson 1982).
    laney_sigma : "screened", "untrimmed" or None
        How Laney's sigma_z is estimated on p' and u' charts. "screened" (qicharts2): moving
        ranges of the z-scores of 3.267 x their mean or more are dropped once, as on an I chart;
        "untrimmed" (Laney 2002): the mean of every moving range / 1.128. None (the default)
        follows ``screen_mr``, so "screened" unless screening is switched off.
    """
    clean = validate(
        data,
        y=y,
        x=x,
        n=n,
        chart=chart,
        rules=rules,
        facet=facet,
        freeze=freeze,
        part=part,
        exclude=exclude,
        multiply=multiply,
        improvement=improvement,
        target=target,
        shift_length=shift_length,
        trend_length=trend_length,
    )
    messages = list(clean.messages)
    laney_estimate, laney_note = _laney_sigma(laney_sigma, screen_mr, chart)
    if laney_note:
        _note(messages, laney_note)
    if rules == "mdc" and chart == "run":
        chart = "i"
        _note(
            messages,
            "Making Data Count uses an XmR chart (mean and process limits), so an I chart was "
            "drawn instead of a run chart.",
        )

    has_n = n is not None
    if chart in SUBGROUP_CHARTS and has_n:
        _note(messages, f"'{n}' is not used by this chart: rows sharing an x form the subgroup.")
        has_n = False
    combined = _combine_rows(clean.frame, clean.x_given, has_n)
    if combined["combined"] and chart not in SUBGROUP_CHARTS:
        how = (
            "their numerators and denominators were added up"
            if has_n
            else "their values were averaged"
        )
        _note(
            messages,
            f"{combined['combined']} time point(s) had more than one row with the same '{x}', "
            f"so {how} (as qicharts2 does).",
        )

    facet_codes = combined["facet"]
    count = facet_codes.size
    facet_values = pd.Categorical.from_codes(facet_codes, categories=clean.facet_labels)
    position, x_out, part_no, seg, seg_start, baseline, include = _phases(
        clean, facet_codes, combined["x"]
    )
    nseg = seg_start.size

    calculator, _, has_limits = CALCULATORS[chart]
    chart_input = ChartInput(
        seg=seg,
        nseg=nseg,
        value=combined["value"],
        denominator=combined["denominator"],
        size=combined["size"],
        mean=combined["mean"],
        sd=combined["sd"],
        base=baseline & include,
        screen=bool(screen_mr),
        mdc=rules == "mdc",
        laney_sigma=laney_estimate,
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        lines = calculator(chart_input)
    # qicharts2 multiplies after computing the lines
    yv, cl, lcl, ucl = lines.y, lines.cl, lines.lcl, lines.ucl
    if multiply != 1:
        yv, cl, lcl, ucl = (v * multiply for v in (yv, cl, lcl, ucl))

    signals = _apply_rules(
        rules, chart, has_limits, yv, cl, lcl, ucl, seg, nseg, include, clean.improvement,
        shift_length, trend_length,
    )  # fmt: skip

    type_code = signals["point_type"]
    if rules == "mdc" and has_limits:
        near_lcl = cl - 2 / 3 * (cl - lcl)
        near_ucl = cl + 2 / 3 * (ucl - cl)
    else:
        near_lcl = near_ucl = np.full(count, np.nan)

    points = pd.DataFrame(
        {
            "facet": facet_values,
            "x": x_out,
            "y": yv,
            "numerator": combined["value"],
            "denominator": combined["denominator"],
            "cl": cl,
            "lcl": lcl,
            "ucl": ucl,
            "part": part_no,
            "baseline": baseline,
            "include": include,
            "sigma_signal": signals["sigma"] != 0,
            "shift_signal": signals["shift"] != 0,
            "trend_signal": signals["trend"] != 0,
            "two_of_three_signal": signals["two_of_three"] != 0,
            "inner_third_signal": signals.get("inner_third", np.zeros(count, np.int8)) != 0,
            "runs_signal": signals["runs_point"],
            "special_cause": pd.Categorical.from_codes(
                _SPECIAL_OF_TYPE[type_code], categories=SPECIAL_CAUSE_WORDS
            ),
            "point_type": pd.Categorical.from_codes(type_code, categories=POINT_TYPES),
            "near_lcl": near_lcl,
            "near_ucl": near_ucl,
            "target": np.full(count, np.nan if target is None else float(target)),
        }
    )
    summary = _summary(
        points, signals, type_code, seg, seg_start, facet_codes, has_limits, clean.improvement,
        target,
    )  # fmt: skip
    _point_count_notes(messages, summary, rules, chart, has_limits, clean.freeze)
    _no_variation_notes(messages, points, seg, seg_start, y)
    for text in messages:
        warnings.warn(text, SPCWarning, stacklevel=2)
    return SPCResult(
        points=points,
        summary=summary,
        chart_type=chart,
        rules=rules,
        improvement=clean.improvement,
        target=None if target is None else float(target),
        messages=messages,
        y_name=y,
        x_name=x,
        n_name=n,
        facet_name=facet if isinstance(facet, str) or facet is None else " / ".join(facet),
        multiply=multiply,
        laney_sigma=laney_estimate if chart in LANEY_CHARTS else None,
        sigma_z=lines.sigma_z,
    )


def _apply_rules(
    rules, chart, has_limits, y, cl, lcl, ucl, seg, nseg, include, improvement, shift_length,
    trend_length,
) -> dict:  # fmt: skip
    """Signals of the chosen rule set, per point and per segment."""
    count = y.size
    zero = np.zeros(count, dtype=np.int8)
    runs = anhoej.runs_analysis(y, cl, seg, nseg, use=include)
    out = {"anhoej": runs, "ihi_runs": None}
    sigma = _outside(y, lcl, ucl) if has_limits and rules != "mdc" else zero
    if rules == "anhoej":
        segment_signal = runs.runs_signal.copy()
        if chart == "mr":
            # qicharts2 reports the runs analysis of the moving ranges but never signals it
            segment_signal[:] = False
        out.update(
            sigma=sigma,
            shift=runs.long_run if chart != "mr" else zero,
            trend=zero,
            two_of_three=zero,
            runs_segment=segment_signal,
        )
        out["runs_point"] = segment_signal[seg]
        direction = _first_signal(sigma, out["shift"])
        out["point_type"] = _point_type_from_signals(direction, improvement)
    elif rules == "ihi":
        from qikit.spc.rules import ihi, mdc

        per_point, per_group = ihi.runs(y, cl, seg)
        per_group = per_group.set_index("group").reindex(np.arange(nseg))
        if has_limits:
            # Shewhart rules of Provost and Murray (The Health Care Data Guide, ch. 5; QI_REFERENCE
            # 4.2): outside the limits, 8 in a row on one side of the centre line, 6 in a row
            # going up or down, 2 of 3 in the outer third, 15 in a row in the inner third (no
            # direction, so it never colours a point). The runs count belongs to run charts:
            # it is reported but is not a signal here.
            shift = ihi.shift(y, cl, seg, length=shift_length or 8)
            trend = ihi.trend(y, seg, length=trend_length or 6)
            two = mdc.two_of_three(y, cl, lcl, ucl, seg)
            out["inner_third"] = ihi.inner_third(y, cl, lcl, ucl, seg)
            runs_segment = np.zeros(nseg, dtype=bool)
            per_point = np.zeros(count, dtype=bool)
        else:
            # Run-chart rules of Perla, Provost and Murray (2011): 6 in a shift, 5 in a trend.
            shift = ihi.shift(y, cl, seg, length=shift_length or 6)
            trend = ihi.trend(y, seg, length=trend_length or 5)
            two = zero
            runs_segment = per_group["runs_signal"].fillna(False).to_numpy(dtype=bool)
        out.update(sigma=sigma, shift=shift, trend=trend, two_of_three=two, ihi_runs=per_group)
        out["runs_segment"] = runs_segment
        out["runs_point"] = np.asarray(per_point, dtype=bool)
        direction = _first_signal(sigma, shift, trend, two)
        out["point_type"] = _point_type_from_signals(direction, improvement)
    else:
        from qikit.spc.rules import mdc

        s_len, t_len = shift_length or 7, trend_length or 7
        if has_limits:
            sigma = mdc.outside_limits(y, lcl, ucl)
            two = mdc.two_of_three(y, cl, lcl, ucl, seg)
        else:
            two = zero
        out.update(
            sigma=sigma,
            shift=mdc.shift(y, cl, seg, length=s_len),
            trend=mdc.trend(y, seg, length=t_len),
            two_of_three=two,
            runs_segment=np.zeros(nseg, dtype=bool),
            runs_point=np.zeros(count, dtype=bool),
        )
        out["point_type"] = _type_codes(
            mdc.point_type(
                y, cl, lcl, ucl, seg, improvement, shift_length=s_len, trend_length=t_len
            )
        )
    return out


def _variation_icons(last_types: np.ndarray, improvement: str | None) -> np.ndarray:
    """Variation icon of each segment from the type of its last point (one call per type)."""
    from qikit.spc import icons

    out = np.empty(last_types.size, dtype=object)
    for kind in set(last_types.tolist()):
        out[last_types == kind] = icons.variation_icon(kind, improvement)
    return out


def _assurance(lcl, ucl, target, improvement, is_last, has_limits) -> np.ndarray:
    """Assurance of the latest part of each series from its last limits; earlier parts get
    "none", as NHSRplotthedots reports them."""
    out = np.full(lcl.size, "none", dtype=object)
    if target is None or not has_limits:
        return out
    from qikit.spc import icons

    found = np.asarray(icons.assurance(np.full(lcl.size, float(target)), lcl, ucl, improvement))
    out[is_last] = found[is_last]
    return out


def _summary(
    points, signals, type_code, seg, seg_start, facet_codes, has_limits, improvement, target
):  # fmt: skip
    runs: anhoej.RunsAnalysis = signals["anhoej"]
    nseg = seg_start.size
    seg_end = np.append(seg_start[1:], seg.size) - 1
    cl = points["cl"].to_numpy()
    lcl = points["lcl"].to_numpy()
    ucl = points["ucl"].to_numpy()
    sigma = points["sigma_signal"].to_numpy()
    last_of_facet = np.r_[facet_codes[seg_start][1:] != facet_codes[seg_start][:-1], True]
    lcl_last, ucl_last = lcl[seg_end], ucl[seg_end]

    by_type = np.bincount(seg * 5 + type_code, minlength=nseg * 5).reshape(nseg, 5)

    summary = pd.DataFrame(
        {
            "facet": points["facet"].to_numpy()[seg_start],
            "part": points["part"].to_numpy()[seg_start],
            "n_obs": runs.n_obs,
            "n_useful": runs.n_useful,
            "longest_run": runs.longest_run,
            "longest_run_max": runs.longest_run_max,
            "n_crossings": runs.n_crossings,
            "n_crossings_min": runs.n_crossings_min,
            "runs_signal": signals["runs_segment"],
            "cl": _per_segment_constant(cl, seg, seg_start),
            "lcl": _per_segment_constant(lcl, seg, seg_start),
            "ucl": _per_segment_constant(ucl, seg, seg_start),
            "sigma_signals": segment_count(seg, nseg, sigma),
            "variation_icon": _variation_icons(POINT_TYPES[type_code[seg_end]], improvement),
            "assurance": _assurance(
                lcl_last, ucl_last, target, improvement, last_of_facet, has_limits
            ),
            "n_runs": np.nan,
            "runs_lower": np.nan,
            "runs_upper": np.nan,
            "common_cause": by_type[:, 0],
            "special_cause_improvement": by_type[:, 1],
            "special_cause_concern": by_type[:, 2],
            "special_cause_neutral": by_type[:, 3] + by_type[:, 4],
        }
    )
    ihi_runs = signals["ihi_runs"]
    if ihi_runs is not None:
        for column in ("n_runs", "runs_lower", "runs_upper"):
            summary[column] = ihi_runs[column].to_numpy(dtype=float)
    return summary[SUMMARY_COLUMNS]


def _point_count_notes(messages, summary, rules, chart, has_limits, freeze) -> None:
    """Warn about series too short for firm limits or for the run-chart rules."""
    n = summary["n_obs"].to_numpy()
    if has_limits:
        need = TRIAL_LIMIT_POINTS[rules]
        base = n if freeze is None else np.minimum(n, freeze)
        short = base < need
        if short.any():
            _note(
                messages,
                f"{_which(summary, short)} {'has' if short.sum() == 1 else 'have'} fewer than "
                f"{need} points for the limits, so the limits are trial limits: they will "
                "move as more data arrive.",
            )
    if chart == "run" or rules != "mdc":
        short = summary["n_useful"].to_numpy() < RUN_RULE_POINTS
        if short.any():
            _note(
                messages,
                f"{_which(summary, short)} {'has' if short.sum() == 1 else 'have'} fewer than "
                f"{RUN_RULE_POINTS} points off the centre line; the run-chart rules need at "
                "least 10, so a missing signal means little yet.",
            )


def _which(summary: pd.DataFrame, mask: np.ndarray) -> str:
    """Name the series (and parts) picked by ``mask``, or count them when there are many."""
    if len(summary) == 1:
        return "The series"
    if mask.sum() > 5:
        return f"{int(mask.sum())} of the {len(summary)} series or parts"
    facets = summary["facet"].to_numpy()
    parts = summary["part"].to_numpy()
    one_facet = len(set(facets.tolist())) == 1
    several = {f for f in facets.tolist() if (facets == f).sum() > 1}
    names = []
    for f, p in zip(facets[mask], parts[mask], strict=True):
        part = f"part {p}" if f in several else ""
        names.append(part if one_facet else f"'{f}' {part}".strip())
    if one_facet:
        return " and ".join(names).capitalize()
    return "Series " + ", ".join(names)


def _no_variation_notes(messages, points, seg, seg_start, y_name) -> None:
    """Say so plainly when a series does not vary at all."""
    y = points["y"].to_numpy()
    filled = np.where(np.isnan(y), 0, y)
    flat = np.minimum.reduceat(filled, seg_start) == np.maximum.reduceat(filled, seg_start)
    if flat.any():
        labels = points["facet"].to_numpy()[seg_start][flat]
        which = "The series" if seg_start.size == 1 else f"{flat.sum()} series ({labels[0]}...)"
        _note(
            messages,
            f"{which} of '{y_name}' has the same value at every point, so there is no variation "
            "to measure: the limits sit on the centre line and the runs rules cannot be used.",
        )
