"""The collaborative dashboard's tables, built from the collaborative's data in one go."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from qikit.collaborative import assessment, signals, timeline
from qikit.collaborative.words import measure_label
from qikit.errors import DataError

#: Points a Making Data Count rule needs before it can mark the first point of a signal: a
#: point outside the limits shows at once; a shift or trend of 7 needs 6 more points; two of
#: three near a limit needs up to 2 more.
SHIFT_OR_TREND_EXTRA = 6
TWO_OF_THREE_EXTRA = 2
TABLES = ("wards", "weekly", "changes", "pdsa")


@dataclass
class Dashboard:
    """Everything the collaborative dashboard shows.

    ``charts``: each ward's measures charted (:class:`signals.MeasureChart`); ``signals``: one row
    per ward and measure; ``timeline``: the phases; ``assessments``: suggested IHI assessment
    scores per ward at each learning session and the congress.
    """

    wards: pd.DataFrame
    weekly: pd.DataFrame
    charts: list[signals.MeasureChart]
    signals: pd.DataFrame
    timeline: pd.DataFrame
    assessments: pd.DataFrame
    pdsa: pd.DataFrame

    def trusts(self) -> list[str]:
        return sorted(self.wards["trust"].unique())

    def work_streams(self) -> list[str]:
        return sorted(self.wards["work_stream"].unique())

    def start(self) -> pd.Timestamp | None:
        """The Monday of the collaborative's first week (None when the data have no dates)."""
        if "week_start" not in self.weekly:
            return None
        first = self.weekly.loc[self.weekly["week"] == self.weekly["week"].min(), "week_start"]
        return pd.Timestamp(first.iloc[0])

    def measures(self) -> list[str]:
        return list(dict.fromkeys(self.signals["measure"]))

    def charts_for(
        self, measure: str | None = None, trust: str | None = None, work_stream: str | None = None
    ) -> list[signals.MeasureChart]:
        """The charts that pass the filters, in ward order."""
        keep = set(signals.filter_signals(self.signals, trust, work_stream)["ward_id"])
        return [
            c
            for c in self.charts
            if c.ward_id in keep and (measure in (None, "All") or c.measure == measure)
        ]


def week_of(chart: signals.MeasureChart, x: float) -> int:
    """The last week of a plotted point (weeks for p charts, 4-week periods for u charts)."""
    return int(x * signals.PERIOD_WEEKS) if chart.x == "period" else int(x)


def first_improvement_week(chart: signals.MeasureChart) -> int | None:
    """The first week special-cause improvement could be seen after the change began."""
    points = chart.result.points.reset_index(drop=True)
    after = points[(points["x"] > chart.freeze) & (points["special_cause"] == "improvement")]
    if after.empty:
        return None
    first = after.index[0]
    row = points.loc[first]
    if bool(row["sigma_signal"]):
        extra = 0
    elif bool(row["shift_signal"]) or bool(row["trend_signal"]):
        extra = SHIFT_OR_TREND_EXTRA
    else:
        extra = TWO_OF_THREE_EXTRA
    seen = min(first + extra, len(points) - 1)
    return week_of(chart, float(points.loc[seen, "x"]))


def assessment_history(
    charts: list[signals.MeasureChart], pdsa: pd.DataFrame, phases: pd.DataFrame
) -> pd.DataFrame:
    """Suggested assessment score per ward at each learning session and the congress."""
    points = timeline.checkpoints(phases)
    rows = []
    for ward in dict.fromkeys(c.ward_id for c in charts):
        mine = [c for c in charts if c.ward_id == ward]
        cycles = pdsa[pdsa["ward_id"] == ward]
        firsts: dict[str, int | None] = {}
        for chart in mine:
            week = first_improvement_week(chart)
            if week is not None:
                role = chart.role or "outcome"
                firsts[role] = min(week, firsts.get(role) or week)
        adopted = [(int(c.end_week), str(c.scale)) for c in cycles.itertuples() if c.act == "adopt"]
        for checkpoint in points.itertuples():
            score = assessment.suggest_score(
                int(checkpoint.week),
                has_baseline=True,
                cycle_starts=cycles["start_week"].astype(int).tolist(),
                adopted=adopted,
                improvement_weeks=firsts,
            )
            rows.append(
                {
                    "ward_id": ward,
                    "checkpoint": checkpoint.phase,
                    "week": int(checkpoint.week),
                    "score": score,
                    "label": assessment.label(score),
                }
            )
    return pd.DataFrame(rows)


def build(tables: dict[str, pd.DataFrame], sessions=None) -> Dashboard:
    """Build the dashboard from the collaborative's tables (wards, weekly, changes, pdsa)."""
    lost = [name for name in TABLES if name not in tables]
    if lost:
        raise DataError(
            f"The dashboard needs the tables {', '.join(TABLES)}; missing {', '.join(lost)}. "
            "Use qikit.data.generate_collaborative(...).tables() or qikit.datasets.load."
        )
    wards, weekly = tables["wards"], tables["weekly"]
    charts = signals.chart_all(weekly, tables["changes"])
    weeks = int(weekly["week"].max())
    start = pd.Timestamp(weekly["week_start"].min()) if "week_start" in weekly else "2024-04-01"
    phases = timeline.timeline(weeks, start, sessions)
    return Dashboard(
        wards=wards,
        weekly=weekly,
        charts=charts,
        signals=signals.signal_table(charts, wards),
        timeline=phases,
        assessments=assessment_history(charts, tables["pdsa"], phases),
        pdsa=tables["pdsa"],
    )


def from_datasets() -> Dashboard:
    """The dashboard of the kit's synthetic collaborative (``qikit.datasets``)."""
    from qikit import datasets

    return build({name: datasets.load(name) for name in TABLES})


def first_week_of(chart: signals.MeasureChart, x: float) -> int:
    """The first week of a plotted point (its week, or the first of a 4-week period)."""
    return int((x - 1) * signals.PERIOD_WEEKS + 1) if chart.x == "period" else int(x)


def small_multiples_points(
    charts: list[signals.MeasureChart], wards: pd.DataFrame, start: pd.Timestamp | None = None
) -> pd.DataFrame:
    """All the charts' points in one table, labelled by ward name and measure, for drawing.

    ``start``: the Monday of week 1. With it, each point has its ``date`` (the Monday its
    week, or its 4 weeks, began) and ``when`` in words, so the panels read dates, not weeks.
    """
    names = dict(zip(wards["ward_id"], wards["ward"], strict=True))
    frames = []
    for chart in charts:
        points = chart.result.points[["x", "y", "cl", "lcl", "ucl", "special_cause"]].copy()
        points["week"] = [week_of(chart, x) for x in points["x"]]
        if start is not None:
            firsts = [first_week_of(chart, x) for x in points["x"]]
            dates = pd.Timestamp(start) + pd.to_timedelta([7 * (w - 1) for w in firsts], unit="D")
            points["date"] = dates.strftime("%Y-%m-%d")
            words = "4 weeks from " if chart.x == "period" else "Week commencing "
            points["when"] = words + dates.strftime("%d/%m/%Y")
        points["ward"] = names.get(chart.ward_id, chart.ward_id)
        points["measure"] = chart.measure
        points["panel"] = points["ward"] + ": " + measure_label(chart.measure, capital=False)
        points["special_cause"] = points["special_cause"].astype(str).replace("", "common cause")
        frames.append(points)
    if not frames:
        return pd.DataFrame(
            columns=["x", "y", "cl", "lcl", "ucl", "special_cause", "week", "ward", "panel"]
        )
    out = pd.concat(frames, ignore_index=True)
    for column in ("y", "cl", "lcl", "ucl"):
        out[column] = out[column].astype(float).replace([np.inf, -np.inf], np.nan)
    return out
