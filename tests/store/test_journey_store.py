"""One team's thread on each backend (SQLite and PostgreSQL), without a browser: aim, measure,
twenty typed weeks and ten pasted, two linked PDSA cycles, the chart and the storyboard."""

from __future__ import annotations

import datetime as dt

import pytest

import qikit
from qikit import thread
from qikit.apps.measure_data import read_pasted
from qikit.improve import Aim, MeasurementPlan, Ramp
from qikit.improve.observations import Observation
from qikit.storyboard import storyboard_html
from qikit.storyboard.content import from_workspace, team_panels
from tests.team_measures import violence_measure

START = dt.date(2026, 1, 5)
INCIDENTS = [4, 3, 5, 4, 6, 3, 4, 5, 3, 4, 5, 4, 3, 5, 4, 2, 1, 2, 1, 1]
INCIDENTS += [1, 0, 1, 2, 1, 0, 1, 1, 0, 1]
BED_DAYS = [300 + (k * 7) % 23 for k in range(30)]


def uk(k: int) -> str:
    return (START + dt.timedelta(weeks=k)).strftime("%d/%m/%Y")


def test_the_thread_from_aim_to_storyboard(workspace):
    team = workspace.create_team("Cedar ward team")
    project = workspace.create_project(team.id, "Fewer violent incidents")
    workspace.save(
        project.id,
        Aim(statement="Reduce violent incidents on Cedar ward by 30% by 31/03/2027"),
    )
    measure = violence_measure()
    workspace.save(project.id, MeasurementPlan(measures=[measure]))

    typed = [Observation(uk(k), INCIDENTS[k], BED_DAYS[k]) for k in range(20)]
    assert workspace.save_observations(measure.id, typed, entered_by="JS") == 20
    pasted = "\n".join(f"{uk(k)}\t{INCIDENTS[k]}\t{BED_DAYS[k]:,}" for k in range(20, 30))
    rows = read_pasted("Week commencing\tIncidents\tOBDs\n" + pasted, measure, "JS")
    assert workspace.save_observations(measure.id, rows, where="In the pasted rows") == 10

    ramp = Ramp(change_idea="Safety huddle at handover")
    ramp.add_cycle(start_date="20/04/2026", measure_ids=[measure.id])
    ramp.add_cycle(start_date="11/05/2026", measure_ids=[measure.id])
    workspace.save(project.id, ramp)

    table = workspace.observation_table(measure.id)
    assert table["numerator"].tolist() == INCIDENTS
    expected = qikit.spc(
        table,
        x="period",
        y="numerator",
        n="denominator",
        chart="u",
        multiply=1000,
        improvement="decrease",
        rules="mdc",
    ).points
    drawn = thread.measure_chart(workspace, measure.id)
    for column in ("y", "cl", "lcl", "ucl"):
        assert drawn.result.points[column].to_numpy() == pytest.approx(expected[column].to_numpy())
    assert [label for _, label in drawn.cycles] == ["PDSA 1: Safety huddle at handover", "PDSA 2"]
    assert "special_cause_improvement" in set(drawn.result.points["point_type"])

    panels, waiting = team_panels(workspace, project.id, label=thread.OWN_DATA)
    assert waiting == []
    [panel] = panels
    assert panel.label == thread.OWN_DATA
    page = storyboard_html(from_workspace(workspace, project.id, measures=panels))
    assert measure.name in page and ("<img" in page or "<svg" in page)

    # the whole project travels in one file, observations included
    copy = workspace.import_project(workspace.export_project(project.id), team.id, name="Copy")
    [copied] = workspace.measures(copy.id)
    assert workspace.observation_table(copied.id)["numerator"].tolist() == INCIDENTS
