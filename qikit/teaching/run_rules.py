"""Read one run chart with both the IHI and the Anhøj rules, and say where and why they disagree.

The numbers come from the SPC engine (``qikit.spc.spc`` with ``chart="run"``); this module only
turns them into verdicts and sentences a ward team can read (QI_REFERENCE 3.1 and 3.3).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from qikit.errors import DataError
from qikit.spc import SPCResult, spc

#: Fewest and most points the lab accepts.
FEWEST_POINTS = 10
MOST_POINTS = 60
IHI_SHIFT = 6
IHI_TREND = 5


@dataclass(frozen=True)
class RuleVerdict:
    """One rule of one rule set: did it fire, on which points (1-based), and why in words."""

    rule_set: str
    rule: str
    fired: bool
    sentence: str
    points: tuple[int, ...] = ()


@dataclass
class RunChartReading:
    """A run chart read with both rule sets."""

    values: list[float]
    median: float
    n_obs: int
    n_useful: int
    longest_run: int
    longest_run_max: int
    crossings: int
    crossings_min: int
    n_runs: int
    runs_lower: int | None
    runs_upper: int | None
    anhoej: list[RuleVerdict]
    ihi: list[RuleVerdict]
    anhoej_result: SPCResult = field(repr=False)
    ihi_result: SPCResult = field(repr=False)

    @property
    def anhoej_signal(self) -> bool:
        return any(v.fired for v in self.anhoej)

    @property
    def ihi_signal(self) -> bool:
        return any(v.fired for v in self.ihi)

    def disagreements(self) -> list[str]:
        """Where the two rule sets differ on this chart, rule by rule, and why (empty if none)."""
        return _disagreements(self)

    def agreement(self) -> str:
        """One sentence: do the rule sets agree?"""
        if self.anhoej_signal == self.ihi_signal:
            word = "a signal" if self.ihi_signal else "no signal"
            return f"Both rule sets agree: {word}."
        side = "IHI" if self.ihi_signal else "Anhøj"
        other = "Anhøj" if side == "IHI" else "IHI"
        return (
            f"The rule sets disagree: the {side} rules find a signal and the {other} rules do not."
        )


def parse_values(text: str) -> list[float]:
    """Numbers typed by a learner, separated by commas, spaces or new lines."""
    pieces = [p for p in re.split(r"[,;\s]+", str(text).strip()) if p]
    values = []
    for number, piece in enumerate(pieces, start=1):
        try:
            value = float(piece)
        except ValueError:
            raise DataError(
                f"Value {number} ('{piece}') is not a number. Type numbers only, such as 12 or "
                "12.5, separated by commas."
            ) from None
        if not np.isfinite(value):
            raise DataError(f"Value {number} ('{piece}') is not a usable number. Type a number.")
        values.append(value)
    return _check_count(values)


def _check_count(values: list[float]) -> list[float]:
    if len(values) < FEWEST_POINTS:
        raise DataError(
            f"The run-chart rules need at least {FEWEST_POINTS} values; found {len(values)}. "
            "Add more weeks."
        )
    if len(values) > MOST_POINTS:
        raise DataError(
            f"The lab takes at most {MOST_POINTS} values; found {len(values)}. "
            "Remove some of the earliest weeks."
        )
    return values


def _flagged(points: pd.DataFrame, column: str) -> tuple[int, ...]:
    return tuple(int(x) for x in points.loc[points[column].astype(bool), "x"])


def _point_list(points: tuple[int, ...]) -> str:
    if not points:
        return ""
    spans = []
    start = prev = points[0]
    for p in points[1:] + (None,):
        if p is not None and p == prev + 1:
            prev = p
            continue
        spans.append(f"{start}" if start == prev else f"{start} to {prev}")
        if p is not None:
            start = prev = p
    return ", ".join(spans)


def read_run_chart(values: list[float]) -> RunChartReading:
    """Run the IHI and Anhøj rules over ``values`` (one per week) and explain each verdict."""
    values = _check_count([float(v) for v in values])
    frame = pd.DataFrame({"week": np.arange(1, len(values) + 1), "value": values})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        anhoej = spc(frame, y="value", x="week", chart="run", rules="anhoej")
        ihi = spc(frame, y="value", x="week", chart="run", rules="ihi")
    a = anhoej.summary.iloc[0]
    i = ihi.summary.iloc[0]
    useful = int(a["n_useful"])
    longest, longest_max = int(a["longest_run"]), int(a["longest_run_max"])
    crossings, crossings_min = int(a["n_crossings"]), int(a["n_crossings_min"])
    runs = crossings + 1
    lower = None if pd.isna(i["runs_lower"]) else int(i["runs_lower"])
    upper = None if pd.isna(i["runs_upper"]) else int(i["runs_upper"])
    median = float(a["cl"])

    long_run = longest > longest_max
    few_crossings = crossings < crossings_min
    run_points = _flagged(anhoej.points, "shift_signal") if long_run else ()
    anhoej_verdicts = [
        RuleVerdict(
            "anhoej",
            "Unusually long run",
            long_run,
            (
                f"The longest run is {longest} points on one side of the median; with {useful} "
                f"useful observations a run longer than {longest_max} is unusual, so this is a "
                f"signal (weeks {_point_list(run_points)} are in such runs)."
                if long_run
                else f"The longest run is {longest} points; with {useful} useful observations a "
                f"run must be longer than {longest_max} to be a signal."
            ),
            run_points,
        ),
        RuleVerdict(
            "anhoej",
            "Unusually few crossings",
            few_crossings,
            (
                f"The line crosses the median only {crossings} times; fewer than {crossings_min} "
                f"crossings is unusual for {useful} useful observations, so this is a signal."
                if few_crossings
                else f"The line crosses the median {crossings} times; a signal needs fewer than "
                f"{crossings_min} crossings for {useful} useful observations."
            ),
        ),
    ]

    shift_points = _flagged(ihi.points, "shift_signal")
    trend_points = _flagged(ihi.points, "trend_signal")
    too_few = lower is not None and runs < lower
    too_many = upper is not None and runs > upper
    if lower is None:
        runs_sentence = (
            f"There are {runs} runs; the runs table has no row for {useful} useful observations, "
            "so this rule is not used."
        )
    elif too_few:
        runs_sentence = (
            f"There are only {runs} runs; for {useful} useful observations the runs table expects "
            f"{lower} to {upper}, so too few runs is a signal."
        )
    elif too_many:
        runs_sentence = (
            f"There are {runs} runs; for {useful} useful observations the runs table expects "
            f"{lower} to {upper}, so too many runs is a signal (the data zig-zag more than chance)."
        )
    else:
        runs_sentence = (
            f"There are {runs} runs, inside the {lower} to {upper} the runs table expects for "
            f"{useful} useful observations: no signal."
        )
    ihi_verdicts = [
        RuleVerdict(
            "ihi",
            "Shift",
            bool(shift_points),
            (
                f"Weeks {_point_list(shift_points)} are {IHI_SHIFT} or more points in a row on one "
                "side of the median (points on the median are skipped): a shift."
                if shift_points
                else f"No {IHI_SHIFT} points in a row sit on one side of the median: no shift."
            ),
            shift_points,
        ),
        RuleVerdict(
            "ihi",
            "Trend",
            bool(trend_points),
            (
                f"Weeks {_point_list(trend_points)} go steadily one way for {IHI_TREND} or more "
                "points (equal neighbours count once): a trend."
                if trend_points
                else f"No {IHI_TREND} points in a row all go up or all go down: no trend."
            ),
            trend_points,
        ),
        RuleVerdict("ihi", "Too few or too many runs", too_few or too_many, runs_sentence),
    ]
    return RunChartReading(
        values=list(values),
        median=median,
        n_obs=len(values),
        n_useful=useful,
        longest_run=longest,
        longest_run_max=longest_max,
        crossings=crossings,
        crossings_min=crossings_min,
        n_runs=runs,
        runs_lower=lower,
        runs_upper=upper,
        anhoej=anhoej_verdicts,
        ihi=ihi_verdicts,
        anhoej_result=anhoej,
        ihi_result=ihi,
    )


def _disagreements(reading: RunChartReading) -> list[str]:
    """Reasons, rule by rule, that one set fires where the other does not."""
    reasons = []
    shift, trend, runs = reading.ihi
    long_run, few_crossings = reading.anhoej
    if shift.fired and not long_run.fired:
        reasons.append(
            f"IHI calls {IHI_SHIFT} points in a row a shift whatever the length of the chart; "
            "Anhøj scales the limit with the number of useful observations "
            f"({reading.n_useful} here, so a run must be longer than {reading.longest_run_max}). "
            f"The longest run, {reading.longest_run}, passes the IHI rule but not the Anhøj rule."
        )
    if long_run.fired and not shift.fired:
        reasons.append(
            "Anhøj's long-run limit is shorter than the IHI shift here, so only Anhøj fires."
        )
    if trend.fired:
        reasons.append(
            "The IHI trend rule fires; the Anhøj rules have no trend rule, because simulations "
            "(Anhøj and Olesen 2014) showed it raises false alarms without finding real drifts "
            "earlier than the long-run rule does."
        )
    if runs.fired != few_crossings.fired:
        if runs.fired and reading.runs_upper is not None and reading.n_runs > reading.runs_upper:
            reasons.append(
                "IHI also flags too many runs (a zig-zag pattern); Anhøj only looks for too few "
                "crossings."
            )
        else:
            reasons.append(
                f"Both count how often the line crosses the median ({reading.crossings} crossings "
                f"= {reading.n_runs} runs), but with different cut-offs: IHI uses the runs table "
                f"(fewer than {reading.runs_lower} runs), Anhøj uses fewer than "
                f"{reading.crossings_min} crossings (a one-sided 5% binomial limit)."
            )
    return reasons
