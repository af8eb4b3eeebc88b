"""Fill a team workspace with the synthetic collaborative's teams, so apps have work to show.

Each ward becomes a team with one project holding its aim, driver diagram, PDSA cycles, ramp and
measurement plan, all written from the synthetic tables (``qikit.datasets``). Nothing here is a
real team's work.
"""

from __future__ import annotations

import pandas as pd

from qikit.collaborative.words import column_meaning, measure_label
from qikit.data.change_package import CHANGE_PACKAGE
from qikit.errors import DataError
from qikit.improve import PDSA, Aim, DriverDiagram, Measure, MeasurementPlan, Ramp
from qikit.store import Workspace

#: The synthetic ramp's scales, as the workspace's scale names (smallest first).
SCALE_OF = {
    "one nurse on one shift": "one_shift",
    "one shift a day for a week": "one_day",
    "every shift for two weeks": "one_week",
    "every shift, the whole ward": "one_ward",
}


def team_name(ward: pd.Series) -> str:
    """How a synthetic ward's team is named in the workspace: 'Willow Ward (Northfield Trust)'."""
    return f"{ward['ward']} ({ward['trust']})"


def ward_of_team(name: str, wards: pd.DataFrame) -> str | None:
    """The ward_id of a synthetic team's name, or None for a team of the user's own."""
    for _, ward in wards.iterrows():
        if team_name(ward) == name:
            return str(ward["ward_id"])
    return None


def _measure_words(column: str) -> str:
    return column.replace("_", " ")


def _count_words(column: str) -> str:
    """What a column counts ("episodes of physical restraint", "NEWS2 sets due")."""
    words = column_meaning(column)
    return words if words[:2].isupper() else words[:1].lower() + words[1:]


def _plan(ward: pd.Series, rows: pd.DataFrame) -> MeasurementPlan:
    measures = []
    for change in rows.itertuples():
        rate = change.chart == "u"
        measures.append(
            Measure(
                name=measure_label(change.measure)
                + (" per 1,000 occupied bed days" if rate else " (%)"),
                type=change.measure_role,
                form="rate" if rate else "percentage",
                numerator=_count_words(change.measure),
                denominator=_count_words(change.denominator),
                multiplier=1000 if rate else 100,
                data_source="the ward's weekly returns to the collaborative",
                who_collects="ward manager",
                how_often="weekly",
                chart_type=change.chart,
                better="lower" if change.improvement_direction == "decrease" else "higher",
                work_stream=ward["work_stream"],
            )
        )
    return MeasurementPlan(aim=_aim(ward, rows).text(), measures=measures, title="Our measures")


def main_measure(ward: pd.Series, rows: pd.DataFrame) -> pd.Series:
    """The measure a ward's aim is about: the change idea's first outcome measure."""
    wanted = CHANGE_PACKAGE[ward["work_stream"]].outcomes[0]
    for column in (rows["measure"] == wanted, rows["measure_role"] == "outcome"):
        if column.any():
            return rows[column].iloc[0]
    return rows.iloc[0]


def _aim(ward: pd.Series, rows: pd.DataFrame) -> Aim:
    first = rows.iloc[0]
    main = main_measure(ward, rows)
    decrease = main["improvement_direction"] == "decrease"
    return Aim(
        what=_measure_words(main["measure"]),
        direction="reduce" if decrease else "increase",
        how_much=30 if decrease else 20,
        how_much_kind="percent",
        for_whom="patients",
        where=str(ward["ward"]),
        by_when=(pd.Timestamp(first["start_date"]) + pd.Timedelta(weeks=52)).date(),
    )


def _diagram(ward: pd.Series, aim: Aim) -> DriverDiagram:
    idea = CHANGE_PACKAGE[ward["work_stream"]]
    diagram = DriverDiagram(aim=aim.text())
    primary = diagram.add_primary(idea.driver)
    diagram.add_change_idea(
        idea.idea, [primary.id], description=idea.objective, source="synthetic change package"
    )
    return diagram


def _cycles(ward: pd.Series, cycles: pd.DataFrame, aim: Aim) -> list[PDSA]:
    out = []
    for c in cycles.itertuples():
        out.append(
            PDSA(
                cycle_number=int(c.cycle),
                team=team_name(ward),
                aim=aim.text(),
                change_idea=c.change_idea,
                driver=c.driver,
                start_date=pd.Timestamp(c.start_date).date(),
                end_date=pd.Timestamp(c.end_date).date(),
                scale=SCALE_OF.get(c.scale, ""),
                objective=c.objective,
                plan_who=c.plan_who,
                plan_what=c.plan_what,
                plan_when=c.plan_when,
                plan_where=c.plan_where,
                do_what_happened=c.do,
                study_learned=c.study,
                act_decision=c.act,
                act_next=_next_step(c.act, c.scale),
            )
        )
    return out


def _next_step(decision: str, scale: str) -> str:
    if decision == "adopt":
        return "Keep it going on every shift and check the measures monthly to hold the gains."
    if decision == "abandon":
        return "Stop this change and choose another idea from the driver diagram."
    return f"Test it again, a little larger than '{scale}', with what we learned."


def fill_workspace(
    workspace: Workspace, tables: dict[str, pd.DataFrame], ward_ids: list[str] | None = None
) -> dict[str, str]:
    """Add a team and project per synthetic ward; return {ward_id: project_id}.

    Teams already in the workspace (same name) are left as they are and not added twice.
    """
    wards, changes, pdsa = tables["wards"], tables["changes"], tables["pdsa"]
    chosen = list(wards["ward_id"]) if ward_ids is None else list(ward_ids)
    unknown = sorted(set(chosen) - set(wards["ward_id"]))
    if unknown:
        raise DataError(f"ward_ids: no ward {', '.join(unknown)} in the wards table.")
    existing = {t.name: t for t in workspace.teams()}
    made: dict[str, str] = {}
    for _, ward in wards[wards["ward_id"].isin(chosen)].iterrows():
        name = team_name(ward)
        if name in existing:
            projects = workspace.projects(existing[name].id)
            if projects:
                made[str(ward["ward_id"])] = projects[0].id
                continue
        team = existing.get(name) or workspace.create_team(name)
        rows = changes[changes["ward_id"] == ward["ward_id"]]
        if rows.empty:
            continue
        idea = CHANGE_PACKAGE[ward["work_stream"]]
        project = workspace.create_project(team.id, idea.idea)
        aim = _aim(ward, rows)
        workspace.save(project.id, aim)
        workspace.save(project.id, _diagram(ward, aim))
        cycles = _cycles(ward, pdsa[pdsa["ward_id"] == ward["ward_id"]], aim)
        for cycle in cycles:
            workspace.save(project.id, cycle)
        measure = main_measure(ward, rows)["measure"]
        workspace.save(
            project.id,
            Ramp(change_idea=idea.idea, driver=idea.driver, cycles=cycles, measure=measure),
        )
        workspace.save(project.id, _plan(ward, rows))
        made[str(ward["ward_id"])] = project.id
    return made
