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
OWN_NOTE = "The measures are the team's own data, as entered in its workspace."
#: Shown in place of the aim when a team has measures but has not written its aim yet.
NO_AIM = "No aim written yet: write it in the Model for Improvement workbook (01)."
#: What the Making Data Count assurance says about a target, in a caption's few words.
TARGET_WORDS = {
    "pass": "met every time unless something changes",
    "fail": "missed every time unless something changes",
    "hit_and_miss": "sometimes met and sometimes missed",
}
#: Where a team enters its weekly numbers.
DATA_WORKBOOK = "the Our data workbook (13)"


@dataclass
class MeasurePanel:
    """One measure on the storyboard: its title, chart (a Vega-Lite spec) and a caption."""

    title: str
    spec: dict[str, Any]
    caption: str = ""
    #: Whose data the chart shows, such as "Our own data" (empty for the example wards).
    label: str = ""
    #: The numbers behind the chart (a team's measure), for anyone who wants to check them.
    result: Any = None


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
    #: One sentence per planned measure not charted yet (too few weeks, or no data).
    waiting: list[str] = field(default_factory=list)

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
    if not aim and workspace.measures(project_id):
        aim = NO_AIM
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


def waiting_sentence(name: str, weeks: int) -> str:
    """What the storyboard says about a planned measure with too few weeks to chart."""
    from qikit.thread import FEWEST_POINTS

    if weeks == 0:
        return f"{name}: no data yet: enter the weekly numbers in {DATA_WORKBOOK}."
    more = FEWEST_POINTS - weeks
    return (
        f"{name}: {weeks} week{'s' if weeks != 1 else ''} so far; {more} more "
        f"week{'s' if more != 1 else ''} needed before it can be charted. Enter them in "
        f"{DATA_WORKBOOK}."
    )


def measure_caption(charted: Any, weeks: int) -> str:
    """A team measure's caption: its type, weeks, settings, latest signal and cycles marked."""
    from qikit.icons import VARIATION_WORDS

    measure, result = charted.measure, charted.result
    summary = result.summary.sort_values("part").iloc[-1]
    kind = f"{measure.type.capitalize()} measure, " if measure.type else ""
    better = {"decrease": ", lower is better", "increase": ", higher is better"}.get(
        charted.settings.improvement or "", ""
    )
    words = [f"{kind}{weeks} weeks{better}."]
    icon = str(summary.get("variation_icon", ""))
    if icon in VARIATION_WORDS:
        words.append(f"{VARIATION_WORDS[icon]}.")
    target = charted.settings.target
    assurance = str(summary.get("assurance", ""))
    if target is not None and assurance in TARGET_WORDS:
        words.append(f"Target {target:g}: {TARGET_WORDS.get(assurance, '')}.")
    cycles = len(charted.cycles)
    if cycles:
        words.append(f"{cycles} PDSA cycle{'s' if cycles != 1 else ''} marked.")
    return " ".join(words)


def team_panels(
    workspace: Workspace,
    project_id: str,
    label: str = "",
    width: int = 520,
    height: int = 220,
) -> tuple[list[MeasurePanel], list[str]]:
    """Charts of a team's own measures from the workspace, in family order (outcome, process,
    balancing), each with the PDSA cycles linked to it; and a sentence for each measure that
    cannot be charted yet. ``label`` says whose data they are (:data:`qikit.thread.OWN_DATA`)."""
    from qikit import thread

    panels: list[MeasurePanel] = []
    waiting: list[str] = []
    for measure, weeks in thread.charted_measures(workspace, project_id):
        name = measure.name or "A measure with no name"
        if weeks < thread.FEWEST_POINTS:
            waiting.append(waiting_sentence(name, weeks))
            continue
        try:
            charted = thread.measure_chart(
                workspace, measure.id, width=width, height=height, title=name
            )
        except DataError as error:
            waiting.append(f"{name}: {error}")
            continue
        panels.append(
            MeasurePanel(
                title=name,
                spec=charted.chart.to_dict(),
                caption=measure_caption(charted, weeks),
                label=label,
                result=charted.result,
            )
        )
    return panels, waiting
