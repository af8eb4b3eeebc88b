"""A ward team's own project as a team would leave it: a plan, some weeks typed, one cycle."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd

from qikit.improve import PDSA, Aim, Measure, MeasurementPlan, Ramp
from qikit.improve.observations import Observation

FIRST_MONDAY = dt.date(2026, 1, 5)
WEEKS = 24


def falls() -> Measure:
    return Measure(
        name="Falls per 1,000 occupied bed days",
        type="outcome",
        form="rate",
        numerator="falls",
        denominator="occupied bed days",
        multiplier=1000,
        unit="per 1,000 occupied bed days",
        chart_type="u",
        better="lower",
        target=4.0,
        rules="mdc",
    )


def checks() -> Measure:
    return Measure(
        name="Lying and standing blood pressure done (%)",
        type="process",
        form="percentage",
        numerator="patients with the check done",
        denominator="patients admitted",
        chart_type="p",
        better="higher",
    )


def sedation() -> Measure:
    return Measure(
        name="Night sedation doses per 1,000 occupied bed days",
        type="balancing",
        form="rate",
        numerator="doses",
        denominator="occupied bed days",
        multiplier=1000,
        chart_type="u",
        better="lower",
    )


def weeks_typed(count: int = WEEKS, seed: int = 3) -> list[Observation]:
    """Weeks as a nurse types them, with UK dates."""
    rng = np.random.default_rng(seed)
    rows = []
    for week in range(count):
        day = FIRST_MONDAY + dt.timedelta(weeks=week)
        beds = int(rng.integers(120, 140))
        rate = 0.009 if week < 14 else 0.004
        rows.append(
            Observation(
                period=day.strftime("%d/%m/%Y"),
                numerator=int(rng.poisson(rate * beds)),
                denominator=beds,
            )
        )
    return rows


def make_own_team(workspace, *, aim: bool = True) -> tuple[str, dict[str, str]]:
    """An own team's project: outcome with 24 weeks, process with 1 week, balancing with none,
    and one PDSA cycle linked to the outcome. Returns the project id and {type: measure id}."""
    team = workspace.create_team("Our ward")
    project = workspace.create_project(team.id, "Fewer falls at night")
    if aim:
        workspace.save(
            project.id,
            Aim(
                what="falls",
                direction="reduce",
                how_much=30,
                how_much_kind="percent",
                where="Our ward",
                by_when=dt.date(2026, 12, 31),
            ),
        )
    plan = MeasurementPlan(aim="Fewer falls", measures=[sedation(), checks(), falls()])
    workspace.save(project.id, plan)
    ids = {m.type: m.id for m in workspace.measures(project.id)}
    workspace.save_observations(ids["outcome"], weeks_typed())
    workspace.save_observations(
        ids["process"], [Observation(period="05/01/2026", numerator=8, denominator=10)]
    )
    cycle = PDSA(
        cycle_number=1,
        change_idea="Night-time comfort round",
        start_date=FIRST_MONDAY + dt.timedelta(weeks=14),
        scale="one_shift",
        measure_ids=[ids["outcome"]],
    )
    workspace.save(project.id, Ramp(change_idea="Night-time comfort round", cycles=[cycle]))
    return project.id, ids


def drawn_points(spec: dict) -> pd.DataFrame:
    """The points a chart spec draws (its inline table: y value, c centre, l and u limits)."""
    for data in spec.get("datasets", {}).values():
        if isinstance(data, str) and data.startswith("f,x,y,"):
            return pd.read_csv(io.StringIO(data))
    for layer in spec.get("layer", []):
        values = layer.get("data", {}).get("values")
        if isinstance(values, str) and values.startswith("f,x,y,"):
            return pd.read_csv(io.StringIO(values))
    raise AssertionError("no drawn points in the chart")


def reference_frame(workspace, measure_id: str) -> pd.DataFrame:
    """The measure's weeks as qikit.spc reads them, straight from the workspace rows."""
    rows = workspace.observations(measure_id)
    return pd.DataFrame(
        {
            "week": pd.to_datetime([r.period for r in rows]),
            "count": [r.numerator for r in rows],
            "exposure": [r.denominator for r in rows],
        }
    )
