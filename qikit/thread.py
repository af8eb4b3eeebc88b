"""One team's thread: a measure from the plan, its weekly observations, its chart and its cycles.

Every app that draws a team's measure comes here, so the data-entry grid, the SPC explorer, the
storyboard and the collaborative dashboard draw the same measure the same way: the chart type,
multiplier, improvement direction, target and rules are the measure's own, and the PDSA cycles
linked to the measure are marked on it.

Calculation (:func:`measure_result`) does not draw; :func:`measure_chart` draws what it computed.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import pandas as pd

from qikit.errors import DataError
from qikit.improve import PDSA, Measure
from qikit.improve import observations as obs
from qikit.improve.choose import CHART_NAMES
from qikit.improve.measures import RULE_SET_NAMES
from qikit.spc import SPCResult, spc

#: The measure's "better" word as the SPC engine's improvement direction.
DIRECTIONS = {"lower": "decrease", "higher": "increase", "": None}
#: Family-of-measures order on storyboards and dashboards.
FAMILY_ORDER = {"outcome": 0, "process": 1, "balancing": 2}
#: Charts that need at least this many weeks before they say anything.
FEWEST_POINTS = 2
#: Words marking a team's own data wherever it is shown beside synthetic wards.
OWN_DATA = "Our own data"


@dataclass(frozen=True)
class Settings:
    """How a measure is charted: its own settings, or what a learner changed them to."""

    chart: str
    multiply: float
    improvement: str | None
    target: float | None
    rules: str

    def words(self) -> str:
        """The settings as a ward team reads them."""
        direction = {
            "decrease": "lower is better",
            "increase": "higher is better",
            None: "no direction set",
        }[self.improvement]
        scale = "" if self.multiply == 1 else f", per {self.multiply:,.0f}"
        return (
            f"{CHART_NAMES.get(self.chart, self.chart)}{scale}, {direction}, read with the "
            f"{RULE_SET_NAMES.get(self.rules, self.rules)} rules"
        )


def settings(measure: Measure, **changes: Any) -> Settings:
    """The measure's chart settings, with any of chart, multiply, improvement, target, rules
    changed."""
    chart = obs.chart_of(measure)
    multiply = measure.multiplier or (100 if chart in obs.PROPORTION_CHARTS else 1)
    base = Settings(
        chart=chart,
        multiply=float(multiply),
        improvement=DIRECTIONS[measure.better],
        target=measure.target,
        rules=measure.rules or "mdc",
    )
    unknown = sorted(set(changes) - set(Settings.__dataclass_fields__))
    if unknown:
        raise DataError(f"Chart settings can change {', '.join(Settings.__dataclass_fields__)}.")
    return Settings(**{**base.__dict__, **{k: v for k, v in changes.items() if v is not ...}})


def chart_frame(measure: Measure, table: pd.DataFrame) -> pd.DataFrame:
    """The observations as the engine's columns: x (week), y (numerator), n (denominator)."""
    frame = pd.DataFrame(
        {
            "x": pd.to_datetime(table["period"]),
            "y": table["numerator"].astype(float),
        }
    )
    if table["denominator"].notna().any():
        frame["n"] = table["denominator"].astype(float)
    return frame


def measure_result(
    measure: Measure,
    table: pd.DataFrame | list,
    *,
    freeze: int | None = None,
    part: int | None = None,
    **changes: Any,
) -> tuple[SPCResult, Settings]:
    """The SPC result for a measure's observations (a table like
    :meth:`qikit.store.Workspace.observation_table`, or a list of Observations); ``freeze`` and
    ``part`` are :func:`qikit.spc`'s (a frozen baseline, a new phase)."""
    table = obs.frame(table)
    if len(table) < FEWEST_POINTS:
        raise DataError(
            f"'{measure.name or 'This measure'}' has {len(table)} week(s) of data; a chart needs "
            f"at least {FEWEST_POINTS}. Add the weeks you have in the data-entry grid."
        )
    chosen = settings(measure, **changes)
    frame = chart_frame(measure, table)
    has_n = "n" in frame.columns
    if chosen.chart in obs.RATIO_CHARTS and not has_n:
        raise DataError(
            f"A {CHART_NAMES[chosen.chart]} needs a denominator for every week, and "
            f"'{measure.name}' has none. Add what each week is out of, or choose a run chart, "
            "an I chart or a C chart."
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = spc(
            frame,
            x="x",
            y="y",
            n="n" if has_n and chosen.chart in (*obs.RATIO_CHARTS, "run", "i") else None,
            chart=chosen.chart,
            rules=chosen.rules,
            multiply=chosen.multiply if has_n else 1,
            improvement=chosen.improvement,
            target=chosen.target,
            freeze=freeze,
            part=part,
        )
    return result, chosen


def cycle_marks(cycles: list[PDSA]) -> list[tuple[pd.Timestamp, str]]:
    """PDSA cycles as (start date, label) pairs for a chart's annotations, oldest first.

    The change idea is named where it changes ("PDSA 1: Safety huddle", then "PDSA 2",
    "PDSA 3"), so a ramp of cycles on one idea does not crowd the chart with the same words.
    """
    dated = sorted(
        (c for c in cycles if c.start_date is not None),
        key=lambda c: (c.start_date, c.cycle_number),
    )
    marks, last_idea = [], None
    for cycle in dated:
        idea = cycle.change_idea or "change"
        label = f"PDSA {cycle.cycle_number}" + ("" if idea == last_idea else f": {idea}")
        marks.append((pd.Timestamp(cycle.start_date), label))
        last_idea = idea
    return marks


def linked_cycles(workspace: Any, project_id: str, measure_id: str) -> list[PDSA]:
    """The project's cycles linked to the measure (single cycles and those in ramps)."""
    from qikit.store.workspace import pdsas_for

    return list(pdsas_for(workspace, project_id, measure_id))


def y_title(measure: Measure, chosen: Settings) -> str:
    """The axis title: the measure's name, with its unit when the name does not say it."""
    unit = measure.unit or ("%" if chosen.chart in obs.PROPORTION_CHARTS else "")
    name = measure.name or "Measure"
    return name if not unit or unit.lower() in name.lower() else f"{name} ({unit})"


@dataclass
class MeasureChart:
    """A team measure charted: the numbers, the settings used, the cycles marked, the chart."""

    measure: Measure
    result: SPCResult
    settings: Settings
    cycles: list[tuple[pd.Timestamp, str]]
    chart: Any


def measure_chart(
    workspace: Any,
    measure_id: str,
    *,
    show_cycles: bool = True,
    width: int | None = None,
    height: int | None = None,
    title: str | None = None,
    freeze: int | None = None,
    part: int | None = None,
    **changes: Any,
) -> MeasureChart:
    """Chart one of a team's measures from the workspace, with its linked PDSA cycles."""
    from qikit.plot import plot

    measure = workspace.measure(measure_id)
    project_id = workspace.measure_project(measure_id)
    result, chosen = measure_result(
        measure, workspace.observation_table(measure_id), freeze=freeze, part=part, **changes
    )
    marks = cycle_marks(linked_cycles(workspace, project_id, measure_id)) if show_cycles else []
    first, last = result.points["x"].min(), result.points["x"].max()
    marks = [(when, label) for when, label in marks if first <= when <= last]
    chart = plot(
        result,
        annotations=marks or None,
        y_title=y_title(measure, chosen),
        title=title or measure.name,
        width=width,
        height=height,
    )
    return MeasureChart(measure, result, chosen, marks, chart)


def family(measures: list[Measure]) -> list[Measure]:
    """Measures in family order: outcome, then process, then balancing, then the rest."""
    return sorted(measures, key=lambda m: FAMILY_ORDER.get(m.type, 3))


def charted_measures(workspace: Any, project_id: str) -> list[tuple[Measure, int]]:
    """The project's measures in family order, with how many weeks each has."""
    return [(m, len(workspace.observations(m.id))) for m in family(workspace.measures(project_id))]
