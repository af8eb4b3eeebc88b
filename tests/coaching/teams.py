"""Small synthetic ward teams for the coaching tests, saved in a temporary SQLite workspace."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from qikit.improve import PDSA, Aim, Measure, MeasurementPlan, Question, Ramp
from qikit.improve.observations import Observation
from qikit.store import SQLiteWorkspace

#: Monday of the first week of every synthetic team.
START = dt.date(2026, 1, 5)

FULL_AIM = Aim(
    what="violent incidents",
    direction="reduce",
    baseline=12,
    how_much=8,
    units="per 1,000 occupied bed days",
    for_whom="patients and staff",
    where="Cedar ward",
    by_when=dt.date(2027, 3, 31),
)


def week(k: int) -> dt.date:
    """The Monday of week ``k`` (0 is the first week)."""
    return START + dt.timedelta(weeks=k)


def measure(name: str = "Violent incidents", kind: str = "outcome", **fields) -> Measure:
    """A count measure drawn on a run chart read with the IHI rules (any field changed)."""
    values = {
        "name": name,
        "type": kind,
        "form": "count",
        "chart_type": "run",
        "rules": "ihi",
        "better": "lower",
        **fields,
    }
    return Measure(**values)


def family() -> list[Measure]:
    return [
        measure("Violent incidents", "outcome"),
        measure("Shifts with a safety huddle", "process", better="higher"),
        measure("Rapid tranquillisation", "balancing"),
    ]


def cycle(number: int, start: int | None = None, **fields) -> PDSA:
    """Cycle ``number`` of the safety huddle, begun in week ``start`` (undated if None)."""
    values = {
        "cycle_number": number,
        "change_idea": "Safety huddle",
        "start_date": week(start) if start is not None else None,
        **fields,
    }
    return PDSA(**values)


def predicted(text: str = "Incidents will fall") -> list[Question]:
    return [Question("Will incidents fall?", prediction=text)]


def build(
    folder: Path,
    *,
    aim: Aim | None = FULL_AIM,
    measures: Sequence[Measure] = (),
    weeks: dict[int, Sequence[float]] | None = None,
    cycles: Sequence[PDSA] = (),
    link: Sequence[int] = (),
) -> tuple[SQLiteWorkspace, str, list[Measure]]:
    """A team saved in a new workspace: its aim, its measures (weeks of values by position in
    ``measures``, from week 0) and its cycles in one ramp, linked to the measures at the
    positions in ``link``. Returns the workspace, the project id and the saved measures."""
    workspace = SQLiteWorkspace(folder / "workspace.db")
    team = workspace.create_team("Cedar ward team")
    project = workspace.create_project(team.id, "Fewer violent incidents")
    if aim is not None:
        workspace.save(project.id, aim)
    measures = list(measures)
    if measures:
        workspace.save(project.id, MeasurementPlan(measures=measures))
    for position, values in (weeks or {}).items():
        rows = [Observation(week(k), v) for k, v in enumerate(values)]
        workspace.save_observations(measures[position].id, rows)
    if cycles:
        ids = [measures[i].id for i in link]
        for c in cycles:
            c.measure_ids = ids
        workspace.save(project.id, Ramp(change_idea="Safety huddle", cycles=list(cycles)))
    return workspace, project.id, measures
