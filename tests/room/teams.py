"""Synthetic ward teams for the room tests, built through the workspace API."""

from __future__ import annotations

import datetime as dt

from qikit.improve import PDSA, Aim, Measure, MeasurementPlan
from qikit.improve.observations import Observation

#: The day the room is looked at in the tests, and the Monday of its first week of data.
TODAY = dt.date(2026, 3, 18)
FIRST_WEEK = dt.date(2025, 8, 18)
#: A steady series around 10 for the first 20 weeks.
STEADY = [9, 11, 10, 12, 8, 10, 11, 9, 10, 12, 8, 11, 9, 10, 12, 10, 9, 11, 10, 10]
#: Then ten weeks all well below the median: a shift (8 or more points) the rules must find.
LOWER = [5, 4, 6, 5, 4, 5, 6, 4, 5, 5]


def outcome() -> Measure:
    return Measure(name="Violent incidents", type="outcome", chart_type="i", better="lower")


def process() -> Measure:
    return Measure(
        name="Shifts with a safety huddle",
        type="process",
        numerator="Shifts with a huddle",
        denominator="Shifts",
        chart_type="p",
        better="higher",
    )


def balancing() -> Measure:
    return Measure(name="Staff sickness days", type="balancing", chart_type="i", better="lower")


def weeks(count: int, start: dt.date = FIRST_WEEK) -> list[dt.date]:
    return [start + dt.timedelta(weeks=k) for k in range(count)]


def add_team(
    workspace,
    name: str,
    *,
    trust: str = "",
    work_stream: str = "",
    aim: str = "",
    values: list[float] | None = None,
    cycles: list[PDSA] | None = None,
    count: int = 30,
):
    """A team with one project: an aim, a family of three measures with ``count`` weeks each
    (the outcome measure's weeks are ``values``, else steady then a shift down), and cycles
    linked to the outcome measure. Returns (team, project, [outcome, process, balancing])."""
    team = workspace.create_team(name)
    if trust or work_stream:
        team = workspace.set_team_details(team.id, trust=trust, work_stream=work_stream)
    project = workspace.create_project(team.id, f"{name} project")
    if aim:
        workspace.save(project.id, Aim(what="violence", statement=aim))
    family = [outcome(), process(), balancing()]
    workspace.save(project.id, MeasurementPlan(aim=aim, measures=family))
    days = weeks(count)
    values = values if values is not None else (STEADY + LOWER)[-count:]
    workspace.save_observations(
        family[0].id, [Observation(d, v) for d, v in zip(days, values, strict=True)]
    )
    workspace.save_observations(
        family[1].id, [Observation(d, 20 + k % 5, 42) for k, d in enumerate(days)]
    )
    workspace.save_observations(
        family[2].id, [Observation(d, 3 + k % 3) for k, d in enumerate(days)]
    )
    for cycle in cycles or []:
        cycle.measure_ids = [family[0].id]
        workspace.save(project.id, cycle)
    return team, project, family


def cycle(number: int, idea: str, scale: str, start: dt.date, end: dt.date | None = None) -> PDSA:
    return PDSA(cycle_number=number, change_idea=idea, scale=scale, start_date=start, end_date=end)
