"""Prompts from a signal on a team's measure, asked against the cycle tested just before it.

The signals are the SPC engine's: each measure is charted with its own settings
(:func:`qikit.thread.measure_result`) and read with its own rule set, and the prompt only reads
the engine's per-point signal columns (``shift_signal``, ``trend_signal``, ``sigma_signal``,
``two_of_three_signal``) and its runs summary. No rule is worked out again here.

A coach talks about what the chart shows now, so only a signal whose latest week is among the
last :data:`RECENT_POINTS` weeks is raised. Each signal is asked about against the PDSA cycle
whose start date falls nearest before the signal's first week: one linked to the measure if
there is one, otherwise any of the project's cycles.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from qikit.coaching.prompt import SOURCES, Prompt, day, plural
from qikit.coaching.team import TeamThread, cycle_order
from qikit.errors import DataError
from qikit.improve import PDSA, Measure
from qikit.thread import FEWEST_POINTS, measure_result

#: A signal is raised when its latest week is one of the chart's last this many weeks (a quarter
#: of weekly data).
RECENT_POINTS = 13

#: The signal columns of ``SPCResult.points``, strongest first.
SIGNAL_COLUMNS = {
    "outside_limits": "sigma_signal",
    "shift": "shift_signal",
    "trend": "trend_signal",
    "two_of_three": "two_of_three_signal",
}

#: The rule in words, by signal and rule set. The numbers are those of the engine's defaults
#: (qikit.spc.api: Making Data Count 7 and 7; IHI run charts 6 and 5, control charts 8 and 6);
#: the Anhøj limits depend on the number of points and are filled in from the engine's summary.
RULE_WORDS = {
    ("shift", "mdc"): "A shift: 7 or more weeks in a row on the same side of the mean.",
    ("shift", "ihi", "run"): "A shift: 6 or more weeks in a row on the same side of the median "
    "(weeks on the median are skipped).",
    ("shift", "ihi"): "A shift: 8 or more weeks in a row on the same side of the centre line.",
    ("shift", "anhoej"): "An unusually long run: more than {longest_run_max} weeks in a row on "
    "one side of the centre line, for {n_useful} weeks not on it (round(log2(n) + 3)).",
    ("trend", "mdc"): "A trend: 7 or more weeks in a row each higher (or each lower) than the "
    "one before.",
    ("trend", "ihi", "run"): "A trend: 5 or more weeks in a row each higher (or each lower) than "
    "the one before (equal weeks count once).",
    ("trend", "ihi"): "A trend: 6 or more weeks in a row each higher (or each lower) than the "
    "one before.",
    ("outside_limits", "mdc"): "A point outside the process limits (mean ± 3 sigma).",
    ("outside_limits", "ihi"): "A point outside the control limits (3 sigma): an astronomical "
    "point.",
    ("outside_limits", "anhoej"): "A point outside the control limits (3 sigma).",
    ("two_of_three", "mdc"): "Two out of three weeks in a row beyond 2 sigma, on the same side "
    "of the mean: close to a limit.",
    ("two_of_three", "ihi"): "Two out of three weeks in a row in the outer third, beyond 2 "
    "sigma, on the same side of the centre line.",
    ("few_crossings", "anhoej"): "Unusually few crossings: fewer than {n_crossings_min} "
    "crossings of the centre line, for {n_useful} weeks not on it (the 5th percentile of a "
    "binomial with n - 1 trials and p = 0.5).",
}


def rule_words(signal: str, rules: str, chart: str, summary: pd.Series | None = None) -> str:
    """The rule in words; the Anhøj limits are those the engine used (from its ``summary``)."""
    words = RULE_WORDS.get((signal, rules, chart)) or RULE_WORDS[(signal, rules)]
    if summary is None or "{" not in words:
        return words
    return words.format(
        **{k: int(summary[k]) for k in ("longest_run_max", "n_crossings_min", "n_useful")}
    )


def rule_source(rules: str, chart: str) -> str:
    if rules == "ihi":
        return SOURCES["ihi_run"] if chart == "run" else SOURCES["ihi_shewhart"]
    return SOURCES[rules]


def _stretches(mask: np.ndarray, side: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) of each stretch of flagged points on one side (or going one way)."""
    out: list[tuple[int, int]] = []
    start = None
    for i, flagged in enumerate(mask):
        if flagged and start is not None and side[i] and side[start] and side[i] != side[start]:
            out.append((start, i - 1))
            start = i
        elif flagged and start is None:
            start = i
        elif not flagged and start is not None:
            out.append((start, i - 1))
            start = None
    if start is not None:
        out.append((start, len(mask) - 1))
    return out


def _carry(values: np.ndarray) -> np.ndarray:
    """+1 / -1 by sign, a 0 (on the line, or level) carrying the sign before it."""
    out = np.zeros(values.size, dtype=int)
    last = 0
    for i, v in enumerate(values):
        if np.isfinite(v) and v != 0:
            last = 1 if v > 0 else -1
        out[i] = last
    return out


def _latest(points: pd.DataFrame, signal: str) -> tuple[int, int] | None:
    """The latest stretch of points flagged by one signal, or None."""
    mask = points[SIGNAL_COLUMNS[signal]].to_numpy(dtype=bool)
    if not mask.any():
        return None
    y = points["y"].to_numpy(dtype=float)
    if signal == "outside_limits":
        last = int(np.flatnonzero(mask)[-1])
        return last, last
    if signal == "trend":
        # each point takes the direction of the step after it (a trend's first point has no
        # step before it), so a peak between a rise and a fall starts the fall
        side = _carry(np.diff(y, prepend=np.nan))
        side[:-1] = np.where(side[1:] != 0, side[1:], side[:-1])
    else:
        side = _carry(y - points["cl"].to_numpy(dtype=float))
    return _stretches(mask, side)[-1]


def _goodness(points: pd.DataFrame, first: int, last: int) -> str:
    """ "improvement", "concern" or "neutral": the engine's reading of the flagged points."""
    words = points["special_cause"].iloc[first : last + 1].astype(str)
    counts = {w: int((words == w).sum()) for w in ("improvement", "concern")}
    if max(counts.values()) == 0:
        return "neutral"
    return max(counts, key=lambda w: counts[w])


def cycle_before(cycles: list[PDSA], when: dt.date) -> PDSA | None:
    """The cycle whose start date falls nearest before (or on) ``when``."""
    dated = [c for c in cycles if c.start_date is not None and c.start_date <= when]
    return max(dated, key=cycle_order) if dated else None


def _cycle_question(cycle: PDSA | None, when: dt.date, goodness: str) -> str:
    if cycle is None:
        return (
            f" No PDSA cycle began before {day(when)}: what changed on the ward then? Write it "
            "as a note on that week."
        )
    idea = f" ('{cycle.change_idea}')" if cycle.change_idea else ""
    tested = (
        f"the change you tested in cycle {cycle.cycle_number}{idea}, begun {day(cycle.start_date)}"
    )
    if goodness == "concern":
        return f" Did {tested}, cause it, or did something else change on the ward?"
    return f" Is this {tested}?"


def _period_word(measure: Measure) -> tuple[str, str]:
    if "month" in measure.how_often.lower():
        return "month", "months"
    return "week", "weeks"


GOODNESS_WORDS = {
    "improvement": ", in the direction you want",
    "concern": ", in the wrong direction",
    "neutral": "",
}
#: The same, as a sentence after a point outside the limits (which ends with a question).
AFTER_A_POINT = {
    "improvement": " It is in the direction you want.",
    "concern": " It is in the wrong direction.",
    "neutral": "",
}


def _describe(
    signal: str,
    points: pd.DataFrame,
    first: int,
    last: int,
    centre: str,
    measure: Measure,
    summary: pd.Series,
) -> str:
    one, many = _period_word(measure)
    n = last - first + 1
    x = pd.to_datetime(points["x"])
    at_end = last == len(points) - 1
    where = (
        f"your last {plural(n, one, many)}"
        if at_end
        else f"{plural(n, one, many)} from {day(x.iloc[first])} to {day(x.iloc[last])}"
    )
    y = points["y"].to_numpy(dtype=float)
    if signal == "shift":
        side = "above" if np.nanmean(y[first : last + 1]) > points["cl"].iloc[first] else "below"
        return f"{where} sit {side} the {centre}: a shift"
    if signal == "trend":
        way = "rising" if y[last] > y[first] else "falling"
        return f"{where} keep {way}: a trend"
    if signal == "outside_limits":
        high = y[last] > points["ucl"].iloc[last]
        limit = "above the upper limit" if high else "below the lower limit"
        return (
            f"the {one} of {day(x.iloc[last])} is {limit}: a point unlike the others, which "
            f"chance alone rarely gives. What happened that {one}?"
        )
    if signal == "two_of_three":
        high = y[last] > points["cl"].iloc[last]
        return (
            f"two of three {many} up to {day(x.iloc[last])} sit close to the "
            f"{'upper' if high else 'lower'} limit: an early warning of change"
        )
    crossings, fewest = int(summary["n_crossings"]), int(summary["n_crossings_min"])
    return (
        f"the line crosses the {centre} only {plural(crossings, 'time')} in "
        f"{plural(len(points), one, many)} (fewer than {fewest} is unusual): the {many} stay on "
        "one side longer than chance allows"
    )


def measure_signals(
    measure: Measure, table: pd.DataFrame, linked: list[PDSA], cycles: list[PDSA]
) -> list[Prompt]:
    """Prompts for the signals on one measure's chart, read with the measure's own rules."""
    if len(table) < FEWEST_POINTS:
        return []
    try:
        result, _ = measure_result(measure, table)
    except DataError:
        return []
    last_part = result.summary.iloc[-1]
    points = result.points[result.points["part"] == last_part["part"]].reset_index(drop=True)
    centre = "median" if result.chart_type in ("run", "g") else "mean"
    found: list[tuple[str, int, int]] = []
    for signal in SIGNAL_COLUMNS:
        stretch = _latest(points, signal)
        if stretch is not None and stretch[1] >= len(points) - RECENT_POINTS:
            found.append((signal, *stretch))
    long_run = any(s == "shift" for s, _, _ in found)
    if (
        result.rules == "anhoej"
        and bool(last_part["runs_signal"])
        and not long_run
        and int(last_part["n_crossings"]) < int(last_part["n_crossings_min"])
    ):
        found.append(("few_crossings", 0, len(points) - 1))
    if len(found) > 1:  # two of three near a limit is an early warning: say the stronger signal
        found = [f for f in found if f[0] != "two_of_three"]
    candidates = linked or cycles
    prompts = []
    for signal, first, last in found:
        goodness = _goodness(points, first, last)
        when = pd.Timestamp(points["x"].iloc[first]).date()
        text = f"On '{measure.name}', " + _describe(
            signal, points, first, last, centre, measure, last_part
        )
        if signal == "outside_limits":
            cycle = cycle_before(candidates, when)
            text += AFTER_A_POINT[goodness]
        elif signal == "few_crossings":
            cycle = None
            text += "."
        else:
            cycle = cycle_before(candidates, when)
            text += GOODNESS_WORDS[goodness] + "."
        if signal != "few_crossings":
            text += _cycle_question(cycle, when, goodness)
        prompts.append(
            Prompt(
                text=text,
                rule=f"signal_{signal}",
                rule_words=rule_words(signal, result.rules, result.chart_type, last_part),
                source=rule_source(result.rules, result.chart_type),
                kind="signal",
                severity="high",
                measure_id=measure.id,
                measure_name=measure.name,
                cycle_id=cycle.id if cycle else "",
                cycle_number=cycle.cycle_number if cycle else None,
                change_idea=cycle.change_idea if cycle else "",
                date=when,
            )
        )
    return prompts


def signal_prompts(team: TeamThread, today: dt.date) -> list[Prompt]:
    """Signals on every measure, strongest first within each measure."""
    out: list[Prompt] = []
    for measure in team.measures:
        out += measure_signals(measure, team.table(measure), team.linked_to(measure), team.cycles)
    return out
