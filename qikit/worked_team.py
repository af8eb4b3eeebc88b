"""A worked example team, loaded into a workspace with one click, to demo the whole thread.

The violence-reduction team on Iris Ward (Southdale Trust), a ward of the kit's synthetic
collaborative: its aim, driver diagram, measurement plan (outcome, process and balancing
measures with their definitions, directions and targets), 40 weeks of observations taken from
``datasets/weekly.csv`` for that ward, and its four PDSA cycles (from ``datasets/pdsa.csv``) in a
ramp linked to the outcome measure. A facilitator opens the storyboard, SPC explorer or dashboard
on it and shows plan -> measures -> weekly data -> charts with PDSA cycles -> storyboard.

Everything here is synthetic (made up for teaching): no real ward, patient or member of staff.
"""

from __future__ import annotations

import pandas as pd

from qikit.errors import DataError
from qikit.improve import PDSA, Aim, DriverDiagram, Measure, MeasurementPlan, Question, Ramp
from qikit.improve.observations import Observation
from qikit.store import Workspace
from qikit.store.workspace import Project

#: The synthetic ward the worked team comes from (``datasets/wards.csv``).
WARD_ID = "W14"
#: The worked team's name in the workspace: says it is an example, so nobody takes it for a real
#: team, and differs from the example ward's own name so the two are never confused.
TEAM = "Iris Ward violence reduction team (worked example)"
PROJECT = "Safety huddles to reduce violence"
#: Weeks of the synthetic collaborative loaded as the team's observations (week 35 is the
#: first PDSA cycle's week, so 20 weeks of baseline and 20 after).
FIRST_WEEK, LAST_WEEK = 15, 54
#: The aim: violent incidents down by this percentage from the baseline weeks' rate.
REDUCTION_PERCENT = 30
#: Share of shifts with a safety huddle the team aims for.
HUDDLE_TARGET = 90.0
SYNTHETIC_NOTE = (
    "The worked example team's data are synthetic (made up for teaching, from the kit's "
    "synthetic collaborative): not a real ward."
)
SOURCE = "synthetic collaborative, datasets/weekly.csv, Iris Ward"
ENTERED_BY = "worked example (synthetic)"
SCALE_OF = {
    "one nurse on one shift": "one_shift",
    "one shift a day for a week": "one_day",
    "every shift for two weeks": "one_week",
    "every shift, the whole ward": "one_ward",
}
#: (measure role, column of weekly.csv, denominator column)
COLUMNS = {
    "outcome": ("violence_incidents", "occupied_bed_days"),
    "process": ("huddles_held", "shifts"),
    "balancing": ("rapid_tranquillisation", "occupied_bed_days"),
}


def _tables() -> dict[str, pd.DataFrame]:
    from qikit import datasets

    return {name: datasets.load(name) for name in ("wards", "weekly", "changes", "pdsa")}


def weeks(weekly: pd.DataFrame) -> pd.DataFrame:
    """The worked ward's weeks that are loaded as the team's observations."""
    rows = weekly[
        (weekly["ward_id"] == WARD_ID)
        & (weekly["week"] >= FIRST_WEEK)
        & (weekly["week"] <= LAST_WEEK)
    ]
    if rows.empty:
        raise DataError(f"The synthetic weekly data have no weeks for the worked ward {WARD_ID}.")
    return rows.sort_values("week").reset_index(drop=True)


def start_week(changes: pd.DataFrame) -> int:
    """The week the worked team's first PDSA cycle began."""
    rows = changes[changes["ward_id"] == WARD_ID]
    return int(rows["start_week"].iloc[0])


def baseline_rate(weekly: pd.DataFrame, first_cycle_week: int) -> float:
    """Violent incidents per 1,000 occupied bed days over the loaded weeks before the first
    cycle."""
    rows = weeks(weekly)
    before = rows[rows["week"] < first_cycle_week]
    return float(before["violence_incidents"].sum() / before["occupied_bed_days"].sum() * 1000)


def measures(target_rate: float) -> list[Measure]:
    """The team's family of measures: outcome, process, balancing."""
    synthetic = "Synthetic: "
    return [
        Measure(
            name="Violent incidents per 1,000 occupied bed days",
            type="outcome",
            form="rate",
            numerator="incidents of physical violence on the ward in the week",
            denominator="occupied bed days in the week",
            multiplier=1000,
            unit="per 1,000 occupied bed days",
            definition=(
                "Every incident of physical violence by a patient towards another person on "
                "the ward, as reported on the incident system, counted in the week it happened "
                "(Monday to Sunday). Verbal aggression alone is not counted."
            ),
            data_source=synthetic + SOURCE + ": physical violence incidents and occupied bed days",
            who_collects="ward manager",
            how_often="weekly",
            chart_type="u",
            better="lower",
            target=target_rate,
            rules="mdc",
            work_stream="violence and aggression",
        ),
        Measure(
            name="Shifts with a safety huddle (%)",
            type="process",
            form="percentage",
            numerator="shifts that held a safety huddle using the violence risk checklist",
            denominator="shifts in the week (three a day)",
            multiplier=100,
            unit="%",
            definition=(
                "A shift counts when the nurse in charge held a huddle of five minutes or more "
                "with everyone on shift and completed the violence risk checklist within the "
                "first hour."
            ),
            data_source=synthetic + SOURCE + ": safety huddles held and shifts",
            who_collects="nurse in charge",
            how_often="weekly",
            chart_type="p",
            better="higher",
            target=HUDDLE_TARGET,
            rules="mdc",
            work_stream="violence and aggression",
        ),
        Measure(
            name="Rapid tranquillisation per 1,000 occupied bed days",
            type="balancing",
            form="rate",
            numerator="times rapid tranquillisation was given in the week",
            denominator="occupied bed days in the week",
            multiplier=1000,
            unit="per 1,000 occupied bed days",
            definition=(
                "Every time rapid tranquillisation was given, from the medicines chart. It "
                "checks that fewer violent incidents are not bought with more sedation."
            ),
            data_source=synthetic + SOURCE + ": rapid tranquillisation and occupied bed days",
            who_collects="ward pharmacist",
            how_often="weekly",
            chart_type="u",
            better="lower",
            rules="mdc",
            work_stream="violence and aggression",
        ),
    ]


def observations(rows: pd.DataFrame, role: str, notes: dict[int, str]) -> list[Observation]:
    """One measure's weekly observations from the synthetic weeks."""
    numerator, denominator = COLUMNS[role]
    return [
        Observation(
            period=pd.Timestamp(r["week_start"]).date(),
            numerator=float(r[numerator]),
            denominator=float(r[denominator]),
            note=notes.get(int(r["week"]), "") if role == "outcome" else "",
            entered_by=ENTERED_BY,
        )
        for _, r in rows.iterrows()
    ]


def aim(ward: pd.Series, baseline: float, by_when) -> Aim:
    return Aim(
        what="violent incidents",
        direction="reduce",
        baseline=round(baseline, 1),
        how_much=REDUCTION_PERCENT,
        how_much_kind="percent",
        units="per 1,000 occupied bed days",
        for_whom="patients and staff",
        where=str(ward["ward"]),
        by_when=by_when,
    )


def driver_diagram(aim_text: str) -> DriverDiagram:
    diagram = DriverDiagram(aim=aim_text)
    awareness = diagram.add_primary("Shared awareness of risk on each shift")
    calm = diagram.add_primary("A calm, predictable ward")
    early = diagram.add_secondary(awareness.id, "Early warning of rising tension")
    diagram.add_secondary(calm.id, "Meaningful activity every day")
    diagram.add_change_idea(
        "Safety huddle every shift with a violence risk checklist",
        [awareness.id, early.id],
        description="Five minutes at the start of each shift: who is at risk, and what we do.",
        source="synthetic change package",
    )
    diagram.add_change_idea(
        "Planned activity timetable with patients", [calm.id], source="team idea (not yet tested)"
    )
    return diagram


def cycles(pdsa: pd.DataFrame, team: str, aim_text: str, measure_ids: list[str]) -> list[PDSA]:
    """The ward's PDSA cycles from ``datasets/pdsa.csv``, linked to the outcome measure."""
    out = []
    rows = pdsa[pdsa["ward_id"] == WARD_ID].sort_values("cycle")
    for c in rows.itertuples():
        out.append(
            PDSA(
                cycle_number=int(c.cycle),
                team=team,
                aim=aim_text,
                change_idea=c.change_idea,
                driver=c.driver,
                start_date=pd.Timestamp(c.start_date).date(),
                end_date=pd.Timestamp(c.end_date).date(),
                scale=SCALE_OF.get(c.scale, ""),
                objective=c.objective,
                questions=[
                    Question(
                        "Will violent incidents fall when we huddle at this scale?",
                        prediction=c.prediction,
                    )
                ],
                plan_who=c.plan_who,
                plan_what=c.plan_what,
                plan_when=pd.Timestamp(c.start_date).strftime("from %d/%m/%Y"),
                plan_where=c.plan_where,
                do_what_happened=c.do,
                study_learned=c.study,
                act_decision=c.act,
                act_next=(
                    "Keep it going on every shift and check the measures monthly to hold the gains."
                    if c.act == "adopt"
                    else "Test it again at the next scale up, with what we learned."
                ),
                measure_ids=measure_ids,
            )
        )
    return out


def find(workspace: Workspace) -> Project | None:
    """The worked team's project if it is already in the workspace."""
    team = next((t for t in workspace.teams() if t.name == TEAM), None)
    if team is None:
        return None
    return next((p for p in workspace.projects(team.id) if p.name == PROJECT), None)


def is_worked_team(workspace: Workspace, project_id: str) -> bool:
    """Whether a project is the worked example (its data are synthetic)."""
    found = find(workspace)
    return found is not None and found.id == project_id


def load_worked_team(workspace: Workspace) -> Project:
    """Put the worked example team into the workspace and return its project.

    A second call opens the project already there instead of adding another; a part missing
    from it (an aim, the driver diagram, the plan, a measure's weeks, the cycles) is filled in.
    """
    tables = _tables()
    ward = tables["wards"].set_index("ward_id").loc[WARD_ID]
    ward = pd.concat([pd.Series({"ward_id": WARD_ID}), ward])
    first_cycle = start_week(tables["changes"])
    baseline = baseline_rate(tables["weekly"], first_cycle)
    rows = weeks(tables["weekly"])

    project = find(workspace)
    if project is None:
        team = next((t for t in workspace.teams() if t.name == TEAM), None)
        team = team or workspace.create_team(TEAM)
        project = workspace.create_project(team.id, PROJECT)
    pid = project.id
    by_when = (pd.Timestamp(rows["week_start"].iloc[0]) + pd.Timedelta(weeks=52)).date()
    the_aim = aim(ward, baseline, by_when)
    aim_text = the_aim.text()
    if not workspace.records(pid, "aim"):
        workspace.save(pid, the_aim)
    if not workspace.records(pid, "driver_diagram"):
        workspace.save(pid, driver_diagram(aim_text))
    if not workspace.measures(pid):
        target = round(baseline * (1 - REDUCTION_PERCENT / 100), 1)
        plan = MeasurementPlan(aim=aim_text, measures=measures(target), title="Our measures")
        workspace.save(pid, plan)
    saved = {m.type: m for m in workspace.measures(pid)}
    pdsa = tables["pdsa"]
    notes = {
        int(c.start_week): f"PDSA cycle {int(c.cycle)} began"
        for c in pdsa[pdsa["ward_id"] == WARD_ID].itertuples()
    }
    for role in COLUMNS:
        measure = saved.get(role)
        if measure is not None and not workspace.observations(measure.id):
            workspace.save_observations(
                measure.id, observations(rows, role, notes), entered_by=ENTERED_BY
            )
    outcome = saved.get("outcome")
    if not workspace.records(pid, "ramp") and not workspace.records(pid, "pdsa"):
        made = cycles(pdsa, TEAM, aim_text, [outcome.id] if outcome else [])
        change = made[0].change_idea if made else ""
        driver = made[0].driver if made else ""
        workspace.save(
            pid,
            Ramp(
                change_idea=change,
                driver=driver,
                cycles=made,
                measure=outcome.name if outcome else "",
            ),
        )
    return workspace.project(pid)
