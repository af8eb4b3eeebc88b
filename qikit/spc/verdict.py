"""Is there a signal, and which rule shows it: one reading, used by every sentence about a chart.

``verdict(result)`` reads the latest part of one series with the rule set the chart was read
with, rule by rule, from the signals the engine has already found (``result.points`` and
``result.summary``); it computes no signal of its own. ``explain()`` opens its reading with
``Verdict.headline`` and the chart's subtitle (``qikit.plot.words.finding``) quotes that same
sentence, so the words under a chart and the words on it cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Short names of the rule sets, as a sentence says them.
RULE_SET_SHORT = {
    "anhoej": "the Anhøj rules",
    "ihi": "the IHI rules",
    "mdc": "the Making Data Count rules",
}


@dataclass(frozen=True)
class RuleReading:
    """One rule on the latest part of one series.

    ``phrase`` goes in the one-sentence verdict ("a run of 12 points below the median");
    ``sentence`` says what a fired rule means, for the fuller reading. A rule that did not fire
    has a ``phrase`` when it is worth saying how near it came ("the longest run is 6 points...").
    """

    rule: str
    fired: bool
    phrase: str = ""
    sentence: str = ""
    #: A stable name for the rule, for code that marks answers ("long_run", "outside_limits").
    key: str = ""


@dataclass(frozen=True)
class Verdict:
    """Every rule of the chart's rule set, read on the latest part of one series."""

    rule_set: str
    readings: tuple[RuleReading, ...]
    notes: tuple[str, ...] = ()

    @property
    def signal(self) -> bool:
        """True when at least one rule fires."""
        return any(r.fired for r in self.readings)

    @property
    def fired(self) -> list[RuleReading]:
        return [r for r in self.readings if r.fired]

    @property
    def keys_fired(self) -> frozenset[str]:
        """The stable names (``RuleReading.key``) of the rules that fire."""
        return frozenset(r.key for r in self.fired)

    @property
    def rules_fired(self) -> list[str]:
        """The names of the rules that fire, in the order the rule set lists them."""
        return [r.rule for r in self.fired]

    @property
    def headline(self) -> str:
        """One sentence: is there a signal, and which rule shows it."""
        who = RULE_SET_SHORT[self.rule_set]
        if self.signal:
            return f"A signal by {who}: {_join([r.phrase for r in self.fired])}."
        said = [r.phrase for r in self.readings if r.phrase]
        if not said:
            return f"No signal by {who}."
        return f"No signal by {who}: {_join(said)}."

    def sentences(self) -> list[str]:
        """The headline, what each fired rule means, and notes on rules not used."""
        out = [self.headline]
        out += [r.sentence for r in self.fired if r.sentence]
        out += list(self.notes)
        return out


def _join(phrases: list[str]) -> str:
    phrases = [p for p in phrases if p]
    return "; ".join(phrases)


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _longest_stretch(labels: list[int]) -> tuple[int, int]:
    """(start, length) of the longest stretch of one non-zero label (the latest on a tie)."""
    best_start, best_len, start = 0, 0, 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            if labels[start] and i - start >= best_len:
                best_start, best_len = start, i - start
            start = i
    return best_start, best_len


def _sides(values: np.ndarray, mask: np.ndarray) -> list[int]:
    """+1 / -1 for each flagged point by the sign of ``values`` (0 carries the last sign), else 0.

    A shift above the centre line and one below it, side by side, are two stretches, not one.
    """
    labels, sign = [], 0
    for flagged, value in zip(mask, values, strict=True):
        if not flagged:
            labels.append(0)
            sign = 0
            continue
        if np.isfinite(value) and value != 0:
            sign = 1 if value > 0 else -1
        labels.append(sign or 1)
    return labels


def _stretch_words(points: pd.DataFrame, column: str, centre: str, kind: str) -> str:
    """Where the flagged points of a shift or trend lie, in words ("the last 12 points ...")."""
    mask = points[column].to_numpy(dtype=bool)
    ys = points["y"].to_numpy(dtype=float)
    if kind == "shift":
        labels = _sides(ys - points["cl"].to_numpy(dtype=float), mask)
    else:
        labels = _sides(np.diff(ys, prepend=np.nan), mask)
        # the first point of a trend has no step before it: it belongs to the step after it
        for i in range(len(labels) - 1):
            if labels[i] and labels[i + 1] and (i == 0 or not labels[i - 1]):
                labels[i] = labels[i + 1]
    start, length = _longest_stretch(labels)
    if not length:
        return ""
    at_end = start + length == len(points)
    if kind == "shift":
        where = f"{'above' if labels[start] > 0 else 'below'} the {centre}"
        if at_end:
            return f"the last {length} points are all {where}"
        return f"points {start + 1} to {start + length} are all {where}"
    way = "rising" if labels[start] > 0 else "falling"
    if at_end:
        return f"the last {length} points keep {way}"
    return f"points {start + 1} to {start + length} keep {way}"


def _latest(result, facet=None) -> tuple[pd.DataFrame, pd.Series]:
    summary = result.summary
    if facet is not None:
        summary = summary[summary["facet"] == facet]
    last = summary.iloc[-1]
    points = result.points
    points = points[(points["facet"] == last["facet"]) & (points["part"] == last["part"])]
    return points.reset_index(drop=True), last


def _outside(points: pd.DataFrame, last: pd.Series) -> RuleReading:
    n = int(last["sigma_signals"])
    return RuleReading(
        "Outside the limits",
        n > 0,
        f"{_plural(n, 'point')} outside the limits" if n else "no point outside the limits",
        "A point outside the limits is special-cause variation worth investigating.",
        key="outside_limits",
    )


def _anhoej(points, last, centre, chart_type) -> tuple[list[RuleReading], list[str]]:
    if chart_type == "mr":
        return [], [
            "The run rules are not used on a moving range chart: each moving range shares a "
            "point with the next, so long runs happen by chance. Only points outside the "
            "limits count here."
        ]
    if pd.isna(last["longest_run"]) or pd.isna(last["longest_run_max"]):
        return [], [
            "There are too few points off the centre line for the run rules to be used yet."
        ]
    longest, most = int(last["longest_run"]), int(last["longest_run_max"])
    crossings, fewest = int(last["n_crossings"]), int(last["n_crossings_min"])
    runs_signal = bool(last["runs_signal"])
    long_run = runs_signal and longest > most
    few = runs_signal and crossings < fewest
    where = _stretch_words(points, "shift_signal", centre, "shift") if long_run else ""
    return [
        RuleReading(
            "Unusually long run",
            long_run,
            (
                f"{where or f'a run of {longest} points on one side of the {centre}'} "
                f"(a run of more than {most} is unusual)"
                if long_run
                else f"the longest run is {longest} points (a signal needs more than {most})"
            ),
            "A run that long is unlikely by chance: something has changed the process.",
            key="long_run",
        ),
        RuleReading(
            "Unusually few crossings",
            few,
            (
                f"only {_plural(crossings, 'crossing')} of the {centre} "
                f"(fewer than {fewest} is unusual)"
                if few
                else f"{_plural(crossings, 'crossing')} of the {centre} "
                f"(a signal needs fewer than {fewest})"
            ),
            "Too few crossings means the points stay on one side for longer than chance "
            "allows: something has changed the process.",
            key="few_crossings",
        ),
    ], []


def _shift_trend(points, centre) -> list[RuleReading]:
    shift = bool(points["shift_signal"].any())
    trend = bool(points["trend_signal"].any())
    return [
        RuleReading(
            "Shift",
            shift,
            f"a shift ({_stretch_words(points, 'shift_signal', centre, 'shift')})"
            if shift
            else "no shift",
            "A shift is the sign of a real change rather than chance.",
            key="shift",
        ),
        RuleReading(
            "Trend",
            trend,
            f"a trend ({_stretch_words(points, 'trend_signal', centre, 'trend')})"
            if trend
            else "no trend",
            "A trend is a long stretch of points each higher (or each lower) than the one before.",
            key="trend",
        ),
    ]


def _ihi_runs(last) -> RuleReading | None:
    if pd.isna(last["runs_lower"]) or pd.isna(last["n_runs"]):
        return None
    runs, low, high = int(last["n_runs"]), int(last["runs_lower"]), int(last["runs_upper"])
    fired = bool(last["runs_signal"])
    many = runs > high
    return RuleReading(
        "Too few or too many runs",
        fired,
        (
            f"{'too many' if many else 'too few'} runs ({runs}; chance gives {low} to {high})"
            if fired
            else f"{_plural(runs, 'run')} (chance gives {low} to {high})"
        ),
        (
            "Too many runs means the points zig-zag more than chance: check how the data were "
            "gathered."
            if many
            else "Too few runs means the points stay on one side for longer than chance allows: "
            "the data are not random."
        ),
        key="runs",
    )


def _near_limits(points) -> list[RuleReading]:
    two = bool(points["two_of_three_signal"].any())
    readings = [
        RuleReading(
            "Two of three near a limit",
            two,
            "two out of three points in a row close to a limit" if two else "",
            "Two out of three points close to a limit are an early warning of change.",
            key="two_of_three",
        )
    ]
    if "inner_third_signal" in points and points["inner_third_signal"].any():
        readings.append(
            RuleReading(
                "Fifteen points hugging the centre line",
                True,
                "15 or more points in a row close to the centre line (in the inner third)",
                "That is less variation than the limits expect: check whether the limits pool "
                "different wards or shifts, or how the data were gathered.",
                key="inner_third",
            )
        )
    return readings


def verdict(result, facet=None) -> Verdict:
    """Read the latest part of one series (the only one, or ``facet``) with its rule set."""
    from qikit.spc.charts import CALCULATORS

    points, last = _latest(result, facet)
    has_limits = CALCULATORS[result.chart_type][2]
    centre = "median" if result.chart_type in ("run", "g") else "mean"
    readings: list[RuleReading] = []
    notes: list[str] = []
    if result.rules == "anhoej":
        found, notes = _anhoej(points, last, centre, result.chart_type)
        readings += found
    else:
        readings += _shift_trend(points, centre)
        if result.rules == "ihi" and not has_limits:
            runs = _ihi_runs(last)
            if runs is not None:
                readings.append(runs)
        if has_limits:
            readings += _near_limits(points)
    if has_limits:
        readings.append(_outside(points, last))
    return Verdict(result.rules, tuple(readings), tuple(notes))
