"""A team's thread as the coaching rules read it: aim, measures, weeks and PDSA cycles.

:func:`read_thread` takes it from the workspace once; every rule is then a pure function of the
:class:`TeamThread` and today's date, so the rules are tested on teams built in memory or in a
workspace alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from qikit.improve import PDSA, Aim, Measure
from qikit.improve import observations as obs


@dataclass
class TeamThread:
    """One project's thread: its aim (None if it has none), measures in the order planned,
    each measure's observation table, every PDSA cycle (single or in a ramp) and the cycles
    linked to each measure."""

    aim: Aim | None = None
    measures: list[Measure] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    cycles: list[PDSA] = field(default_factory=list)
    linked: dict[str, list[PDSA]] = field(default_factory=dict)
    project_name: str = ""

    def table(self, measure: Measure) -> pd.DataFrame:
        """The measure's weeks, oldest first (an empty table if it has none)."""
        found = self.tables.get(measure.id)
        return obs.frame(found if found is not None else [])

    def linked_to(self, measure: Measure) -> list[PDSA]:
        """The cycles linked to the measure; when ``linked`` was not filled in, the cycles
        whose ``measure_ids`` name it."""
        if measure.id in self.linked:
            return self.linked[measure.id]
        return [c for c in self.cycles if measure.id in c.measure_ids]


def cycle_order(cycle: PDSA) -> tuple[dt.date, int]:
    """Cycles in the order they ran: by start date (undated last), then cycle number."""
    return (cycle.start_date or dt.date.max, cycle.cycle_number)


def read_thread(workspace: Any, project_id: str) -> TeamThread:
    """The project's thread from a workspace (:class:`qikit.store.Workspace`).

    The aim is the newest saved aim; a project without one but whose driver diagram states an
    aim is read from that sentence (:meth:`qikit.improve.Aim.from_text`).
    """
    from qikit import thread

    records = workspace.records(project_id)
    aims = [r for r in records if r.kind == "aim"]
    aim = max(aims, key=lambda r: r.updated_at).item if aims else None
    if aim is None:
        diagrams = [r for r in records if r.kind == "driver_diagram" and r.item.aim]
        if diagrams:
            aim = Aim.from_text(max(diagrams, key=lambda r: r.updated_at).item.aim)
    cycles: list[PDSA] = []
    for record in records:
        if record.kind == "pdsa":
            cycles.append(record.item)
        elif record.kind == "ramp":
            cycles.extend(record.item.cycles)
    measures = workspace.measures(project_id)
    return TeamThread(
        aim=aim,
        measures=measures,
        tables={m.id: workspace.observation_table(m.id) for m in measures},
        cycles=sorted(cycles, key=cycle_order),
        linked={m.id: thread.linked_cycles(workspace, project_id, m.id) for m in measures},
        project_name=workspace.project(project_id).name,
    )
