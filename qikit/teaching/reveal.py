"""A ward's data revealed week by week, with a prediction before each new week.

The teaching point (Deming; *The Health Care Data Guide*, ch. 1): in a stable process no one can
predict whether next week will be higher or lower, but anyone can predict the range it will fall
in: between the process limits. The tally of predictions shows it.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import pandas as pd

from qikit import datasets
from qikit.errors import DataError
from qikit.spc import SPCResult, spc

PREDICTIONS = {
    "higher": "Higher than this week",
    "lower": "Lower than this week",
    "within": "Somewhere between the limits",
}
FIRST_WEEKS = 12
#: The example ward and measure: restraint per 1,000 occupied bed days (synthetic).
WARD = "W01"
MEASURE = "restraint_episodes"
EXPOSURE = "occupied_bed_days"


def ward_weeks(ward_id: str = WARD, measure: str = MEASURE) -> pd.DataFrame:
    """One synthetic ward's weekly counts and occupied bed days, in week order."""
    weekly = datasets.load("weekly")
    rows = weekly[weekly["ward_id"] == ward_id]
    if rows.empty:
        raise DataError(f"There is no ward {ward_id!r} in the synthetic collaborative.")
    return rows[["week", "week_start", measure, EXPOSURE]].reset_index(drop=True)


def chart_upto(data: pd.DataFrame, weeks: int, measure: str = MEASURE) -> SPCResult:
    """The u chart (per 1,000 occupied bed days) of the first ``weeks`` weeks."""
    shown = data.iloc[:weeks]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return spc(
            shown,
            y=measure,
            n=EXPOSURE,
            x="week",
            chart="u",
            rules="mdc",
            multiply=1000,
            improvement="decrease",
        )


@dataclass
class RevealTally:
    """Predictions made so far and how many came true, by kind of prediction."""

    made: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PREDICTIONS, 0))
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(PREDICTIONS, 0))

    def summary(self) -> str:
        parts = []
        for key, words in PREDICTIONS.items():
            if self.made[key]:
                parts.append(f"'{words}': {self.right[key]} of {self.made[key]} came true")
        return "; ".join(parts) if parts else "No predictions yet."


def next_week(data: pd.DataFrame, weeks: int, prediction: str, tally: RevealTally) -> str:
    """Reveal week ``weeks + 1``, score the prediction made for it, and say what happened."""
    if prediction not in PREDICTIONS:
        raise DataError(
            f"Choose a prediction first: {', '.join(PREDICTIONS.values())}; found {prediction!r}."
        )
    if weeks >= len(data):
        raise DataError("That was the last week of data. Press 'Start again' to go back.")
    before = chart_upto(data, weeks).points.iloc[-1]
    after = chart_upto(data, weeks + 1).points.iloc[-1]
    went = "higher" if after["y"] > before["y"] else "lower" if after["y"] < before["y"] else "same"
    inside = bool(after["lcl"] <= after["y"] <= after["ucl"]) if pd.notna(after["ucl"]) else True
    came_true = {"higher": went == "higher", "lower": went == "lower", "within": inside}[prediction]
    tally.made[prediction] += 1
    tally.right[prediction] += int(came_true)
    where = "inside the limits" if inside else "outside the limits: a signal worth asking about"
    change = {"higher": "went up", "lower": "went down", "same": "stayed the same"}[went]
    verdict = "Your prediction came true." if came_true else "Your prediction did not come true."
    return (
        f"Week {weeks + 1}: {after['y']:.1f} per 1,000 occupied bed days. It {change} from "
        f"{before['y']:.1f}, and landed {where}. {verdict}"
    )
