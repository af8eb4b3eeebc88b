"""What goes on a team's storyboard, gathered from the team workspace (QI_REFERENCE 8.1 [S69]).

A storyboard is the poster a team brings to a learning session: team, aim, driver diagram,
measures with their charts and PDSA annotations, the PDSA ramp, what was learned and next steps.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qikit.data.change_package import CHANGE_PACKAGE
from qikit.errors import DataError
from qikit.improve import PDSA, Aim, DriverDiagram, Ramp
from qikit.improve.pdsa import SCALES
from qikit.store import Workspace

SYNTHETIC_NOTE = "All data on this storyboard are synthetic (made up for teaching)."


@dataclass
class MeasurePanel:
    """One measure on the storyboard: its title, chart (a Vega-Lite spec) and a caption."""

    title: str
    spec: dict[str, Any]
    caption: str = ""


@dataclass
class Storyboard:
    """The content of one storyboard, ready to lay out as a web page or a poster."""

    team: str
    project: str
    aim: str
    driver_diagram: DriverDiagram | None = None
    measures: list[MeasurePanel] = field(default_factory=list)
    cycles: pd.DataFrame = field(default_factory=pd.DataFrame)
    learned: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    made_on: dt.date = field(default_factory=dt.date.today)
    note: str = ""

    def ramp_summary(self) -> str:
        """One sentence on the PDSA ramp: how many cycles, from what scale to what scale."""
        if self.cycles.empty:
            return "No PDSA cycles recorded yet."
        first, last = self.cycles.iloc[0], self.cycles.iloc[-1]
        adopted = (self.cycles["decision"] == "adopt").sum()
        return (
            f"{len(self.cycles)} PDSA cycles, from {first['scale'] or 'an unstated scale'} to "
            f"{last['scale'] or 'an unstated scale'}; {adopted} adopted."
        )


def cycle_table(cycles: list[PDSA]) -> pd.DataFrame:
    """The PDSA cycles as rows: cycle, dates, scale (in words), decision, learned."""
    rows = []
    for c in sorted(cycles, key=lambda c: (c.change_idea, c.cycle_number)):
        rows.append(
            {
                "cycle": c.cycle_number,
                "change_idea": c.change_idea,
                "start": c.start_date,
                "end": c.end_date,
                "scale": SCALES.get(c.scale, c.scale),
                "decision": c.act_decision,
                "learned": c.study_learned,
                "next": c.act_next,
            }
        )
    columns = ["cycle", "change_idea", "start", "end", "scale", "decision", "learned", "next"]
    return pd.DataFrame(rows, columns=columns)


def from_workspace(
    workspace: Workspace,
    project_id: str,
    measures: list[MeasurePanel] | None = None,
    note: str = "",
) -> Storyboard:
    """Gather a project's storyboard from the workspace (the charts are given in ``measures``)."""
    project = workspace.project(project_id)
    team = next((t.name for t in workspace.teams() if t.id == project.team_id), "")
    records = workspace.records(project_id)
    aims = [r.item for r in records if isinstance(r.item, Aim)]
    diagrams = [r.item for r in records if isinstance(r.item, DriverDiagram)]
    cycles = [r.item for r in records if isinstance(r.item, PDSA)]
    if not cycles:
        for ramp in (r.item for r in records if isinstance(r.item, Ramp)):
            cycles.extend(ramp.cycles)
    table = cycle_table(cycles)
    aim = aims[-1].text() if aims else (diagrams[-1].aim if diagrams else "")
    if not aim:
        raise DataError(
            f"The project '{project.name}' has no aim yet. Write the aim in the Model for "
            "Improvement workbook first: a storyboard starts from it."
        )
    learned = list(dict.fromkeys(t for t in table["learned"] if t))[-3:]
    next_steps = [t for t in table["next"] if t][-1:]
    return Storyboard(
        team=team,
        project=project.name,
        aim=aim,
        driver_diagram=diagrams[-1] if diagrams else None,
        measures=list(measures or []),
        cycles=table,
        learned=learned,
        next_steps=next_steps,
        note=note,
    )


def ward_panels(
    weekly: pd.DataFrame, changes: pd.DataFrame, ward_id: str, cycles: pd.DataFrame
) -> list[MeasurePanel]:
    """Charts of a synthetic ward's measures, with its PDSA cycles marked on them."""
    from qikit.collaborative.signals import chart_measure, signal_of
    from qikit.plot import plot

    rows = changes[changes["ward_id"] == ward_id]
    if "measure_role" in rows.columns and len(rows):
        # The aim's measure (the change idea's first outcome) first, then outcome, process,
        # balancing measures.
        stream = rows["work_stream"].iloc[0] if "work_stream" in rows.columns else ""
        wanted = CHANGE_PACKAGE[stream].outcomes[0] if stream in CHANGE_PACKAGE else ""
        role = rows["measure_role"].map({"outcome": 1, "process": 2, "balancing": 3}).fillna(4)
        rows = rows.assign(_order=role.where(rows["measure"] != wanted, 0))
        rows = rows.sort_values("_order", kind="stable").drop(columns="_order")
    if rows.empty:
        raise DataError(f"ward_id: the changes table has no ward {ward_id!r}.")
    panels = []
    for change in rows.itertuples(index=False):
        charted = chart_measure(weekly, change)
        notes = []
        for c in cycles.itertuples():
            if c.start is None or pd.isna(c.start):
                continue
            week = (pd.Timestamp(c.start) - pd.Timestamp(weekly["week_start"].min())).days // 7 + 1
            x = (week - 1) // 4 + 1 if charted.x == "period" else week
            notes.append((x, f"PDSA {c.cycle}"))
        words = change.measure.replace("_", " ")
        unit = "per 1,000 occupied bed days" if change.chart == "u" else "(%)"
        title = f"{words.capitalize()} {unit}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            chart = plot(
                charted.result,
                annotations=notes or None,
                title=title,
                y_title=unit if change.chart == "u" else "%",
                x_title="4-week period" if charted.x == "period" else "Week",
                width=520,
                height=220,
            )
        signal = signal_of(charted)
        caption = {
            "improvement": "Special-cause improvement since the first test of change.",
            "concern": "Special-cause concern since the first test of change: worth a look.",
            "both": "Both improvement and concern signals since the first test.",
            "none": "No special cause since the first test: common-cause variation only.",
        }[signal]
        panels.append(MeasurePanel(title=title, spec=chart.to_dict(), caption=caption))
    return panels
