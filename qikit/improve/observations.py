"""A measure's observations: one row per week (or month) with its numerator and denominator.

The team types them in the data-entry grid, pastes them from a spreadsheet or uploads a file; the
workspace keeps them as rows beside the measure. Every check here names the week and the box,
says what was expected and what was found, and never changes a row the team already has.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qikit.errors import DataError
from qikit.improve import fields
from qikit.improve.measures import Measure

#: The columns of a measure's observations, as the workspace returns them.
COLUMNS = ("period", "numerator", "denominator", "note", "entered_by", "entered_at")
#: Charts whose points are a numerator over a denominator (or exposure).
RATIO_CHARTS = ("p", "pp", "u", "up")
#: Charts of a proportion, whose numerator can never be more than its denominator.
PROPORTION_CHARTS = ("p", "pp")


def day_first(day: dt.date) -> str:
    """A date as a UK reader writes it: 05/10/2026."""
    return day.strftime("%d/%m/%Y")


@dataclass
class Observation:
    """One period of a measure: the week (its first day), the count and what it is out of."""

    period: dt.date | None = None
    numerator: float | None = None
    denominator: float | None = None
    note: str = ""
    entered_by: str = ""
    entered_at: str = ""

    def __post_init__(self) -> None:
        self.period = fields.date(self.period, "week")
        self.numerator = fields.number(self.numerator, "numerator", minimum=0)
        self.denominator = fields.number(self.denominator, "denominator", minimum=0)
        self.note = fields.text(self.note, "note")
        self.entered_by = fields.text(self.entered_by, "entered by")
        self.entered_at = fields.identifier(self.entered_at, "entered at")

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.isoformat() if self.period else None,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "note": self.note,
            "entered_by": self.entered_by,
            "entered_at": self.entered_at,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Observation:
        data = fields.mapping(data, "observation")
        fields.only_known(data, COLUMNS, "observation")
        return cls(**data)


def chart_of(measure: Measure) -> str:
    """The chart the measure is drawn on: the team's choice, else the chooser's, else a run
    chart."""
    return measure.chart_type or measure.suggested_chart() or "run"


def needs_denominator(measure: Measure) -> bool:
    """Whether each week needs a denominator: a percentage or a rate (p, p', u, u' charts)."""
    return chart_of(measure) in RATIO_CHARTS or measure.likely_form in ("percentage", "rate")


def numerator_label(measure: Measure) -> str:
    """What the numerator box is called on screen."""
    return (measure.numerator or measure.name or "Count").strip()


def denominator_label(measure: Measure) -> str:
    return (measure.denominator or "Out of").strip()


def check(measure: Measure, rows: Iterable[Observation], *, where: str = "") -> list[Observation]:
    """The rows, checked for this measure; the first problem is a DataError naming the week.

    ``where`` names how the rows arrived ("In the pasted rows", "In row 4 of the file") for the
    start of a message.
    """
    rows = list(rows)
    try:
        _check(measure, rows, f"{where}: " if where else "")
    except DataError as error:
        message = str(error)
        raise DataError(message[:1].upper() + message[1:]) from None
    return rows


def _check(measure: Measure, rows: list[Observation], lead: str) -> None:
    seen: dict[dt.date, int] = {}
    for number, row in enumerate(rows, start=1):
        if row.period is None:
            raise DataError(
                f"{lead}row {number} has no week. Type the date the week starts, such as "
                "05/10/2026."
            )
        week = f"the week of {day_first(row.period)}"
        if row.period in seen:
            raise DataError(
                f"{lead}{week} appears twice. Give each week one row: add the two rows up, or "
                "correct the date of one of them."
            )
        seen[row.period] = number
        if row.numerator is None:
            raise DataError(
                f"{lead}'{numerator_label(measure)}' is blank for {week}. Type the number "
                "(0 if there were none), or leave the week out until you have it."
            )
        if needs_denominator(measure) and row.denominator is None:
            raise DataError(
                f"{lead}'{denominator_label(measure)}' is blank for {week}. This measure is "
                f"a {'percentage' if chart_of(measure) in PROPORTION_CHARTS else 'rate'}, so "
                "each week needs what it is out of."
            )
        if row.denominator == 0 and needs_denominator(measure):
            raise DataError(
                f"{lead}'{denominator_label(measure)}' is 0 for {week}. A week with nothing to "
                "count has no percentage or rate: leave the week out."
            )
        if (
            chart_of(measure) in PROPORTION_CHARTS
            and row.denominator is not None
            and row.numerator > row.denominator
        ):
            raise DataError(
                f"{lead}for {week}, '{numerator_label(measure)}' ({row.numerator:g}) is more "
                f"than '{denominator_label(measure)}' ({row.denominator:g}). A percentage "
                "cannot be over 100 %: check the two numbers."
            )


def frame(observations: Iterable[Observation] | pd.DataFrame) -> pd.DataFrame:
    """Observations as a table (one row per period, oldest first) with :data:`COLUMNS`."""
    if isinstance(observations, pd.DataFrame):
        table = observations.copy()
    else:
        table = pd.DataFrame([o.to_dict() for o in observations], columns=list(COLUMNS))
    if table.empty:
        return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in COLUMNS})
    table["period"] = pd.to_datetime(table["period"])
    for name in ("numerator", "denominator"):
        table[name] = pd.to_numeric(table[name], errors="coerce").astype(float)
    return table.sort_values("period", kind="stable").reset_index(drop=True)


def _dtype(column: str) -> str:
    if column == "period":
        return "datetime64[ns]"
    if column in ("numerator", "denominator"):
        return "float64"
    return "object"


def from_mapping(values: Mapping[str, Any]) -> Observation:
    """One observation from a row with keys named as :data:`COLUMNS`."""
    return Observation(**{k: values.get(k) for k in COLUMNS if k in values})
