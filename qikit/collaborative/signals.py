"""Every team's measures charted the same way, and which show special-cause improvement.

Each ward's measures (from the ``changes`` table: the measures its change idea was meant to
move) are charted as a learner would: shares weekly on a p chart, incident rates as 4-weekly
totals per 1,000 occupied bed days on a u chart, limits frozen on the periods before the ward's
first test of change (QI_REFERENCE 4.4), Making Data Count rules with the direction of
improvement, so each point is marked improvement, concern or common cause.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pandas as pd

from qikit.errors import DataError
from qikit.spc import spc

PERIOD_WEEKS = 4
RATE_PER = 1000
NEEDED_CHANGE_COLUMNS = ("ward_id", "measure", "denominator", "chart", "start_week")


@dataclass(frozen=True)
class MeasureChart:
    """One ward's measure: the SPC result and how it was charted."""

    ward_id: str
    measure: str
    chart: str
    x: str
    freeze: int
    improvement: str
    role: str
    result: object


def measure_data(weekly: pd.DataFrame, ward_id: str, measure: str, denominator: str, chart: str):
    """The series to chart: weekly for shares, 4-weekly totals for rates. Returns (data, x)."""
    rows = weekly[weekly["ward_id"] == ward_id]
    if rows.empty:
        raise DataError(f"ward_id: no weekly data for ward {ward_id!r}.")
    rows = rows[rows[measure].notna()]
    if chart == "u":
        rows = rows.assign(period=(rows["week"] - 1) // PERIOD_WEEKS + 1)
        data = rows.groupby("period", as_index=False).agg(
            {measure: "sum", denominator: "sum", "week": "min"}
        )
        return data, "period"
    return rows[["week", measure, denominator]].reset_index(drop=True), "week"


def chart_measure(weekly: pd.DataFrame, change) -> MeasureChart:
    """Chart one row of the ``changes`` table (a ward and a measure)."""
    data, x = measure_data(weekly, change.ward_id, change.measure, change.denominator, change.chart)
    weeks_before = int(change.start_week) - 1
    freeze = weeks_before // PERIOD_WEEKS if x == "period" else weeks_before
    improvement = getattr(change, "improvement_direction", None) or None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = spc(
            data, y=change.measure, n=change.denominator, x=x, chart=change.chart, rules="mdc",
            freeze=max(freeze, 2), improvement=improvement,
            multiply=RATE_PER if change.chart == "u" else 100,
        )  # fmt: skip
    return MeasureChart(
        ward_id=str(change.ward_id),
        measure=str(change.measure),
        chart=str(change.chart),
        x=x,
        freeze=freeze,
        improvement=improvement or "",
        role=str(getattr(change, "measure_role", "")),
        result=result,
    )


def chart_all(weekly: pd.DataFrame, changes: pd.DataFrame) -> list[MeasureChart]:
    """Every ward's measures, charted."""
    lost = [c for c in NEEDED_CHANGE_COLUMNS if c not in changes.columns]
    if lost:
        raise DataError(
            f"The changes table has no column {', '.join(map(repr, lost))}; it needs "
            f"{', '.join(NEEDED_CHANGE_COLUMNS)}."
        )
    return [chart_measure(weekly, change) for change in changes.itertuples(index=False)]


def _after(chart: MeasureChart) -> pd.DataFrame:
    points = chart.result.points
    return points[points["x"] > chart.freeze]


def signal_of(chart: MeasureChart) -> str:
    """ "improvement", "concern", "both" or "none": special cause after the change began."""
    kinds = set(_after(chart)["special_cause"].astype(str))
    found = {"improvement", "concern"} & kinds
    if len(found) == 2:
        return "both"
    return found.pop() if found else "none"


def signal_table(charts: list[MeasureChart], wards: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per ward and measure: the signal since the change and the MDC icon names."""
    rows = []
    for chart in charts:
        summary = chart.result.summary.sort_values("part").iloc[-1]
        after = _after(chart)
        rows.append(
            {
                "ward_id": chart.ward_id,
                "measure": chart.measure,
                "measure_role": chart.role,
                "chart": chart.chart,
                "signal": signal_of(chart),
                "improvement_points": int((after["special_cause"] == "improvement").sum()),
                "concern_points": int((after["special_cause"] == "concern").sum()),
                "variation_icon": str(summary["variation_icon"]),
                "assurance_icon": str(summary["assurance"]),
            }
        )
    table = pd.DataFrame(rows)
    if wards is not None:
        table = table.merge(wards[["ward_id", "ward", "trust", "work_stream"]], on="ward_id")
    return table


def improvement_matrix(signals: pd.DataFrame) -> pd.DataFrame:
    """Wards x measures: which teams show special-cause improvement on which measure."""
    label = "ward" if "ward" in signals.columns else "ward_id"
    words = signals["signal"].map(
        {"improvement": "improvement", "concern": "concern", "both": "both", "none": "-"}
    )
    return (
        signals.assign(shown=words)
        .pivot_table(index=label, columns="measure", values="shown", aggfunc="first")
        .fillna("")
    )


def filter_signals(
    signals: pd.DataFrame, trust: str | None = None, work_stream: str | None = None
) -> pd.DataFrame:
    """Rows for one trust and/or work stream (None or "All" keeps everything)."""
    out = signals
    if trust and trust != "All":
        out = out[out["trust"] == trust]
    if work_stream and work_stream != "All":
        out = out[out["work_stream"] == work_stream]
    return out
