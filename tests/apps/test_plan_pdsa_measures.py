"""Workbook 02 and the team's measures, driven headless: each cycle says which measures it should
move (by name), the links are saved and reloaded, and a linked measure with data is charted with
the cycles marked."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

import qikit
from qikit.apps import plan_pdsa
from qikit.improve import Measure, MeasurementPlan
from qikit.improve.observations import Observation
from tests.store.test_backends import BACKENDS, Store
from tests.teaching.chart_data import chart_points
from tests.team_measures import violence_measure

MONDAY = dt.date(2026, 9, 7)


@pytest.fixture(params=BACKENDS)
def workspace(request, tmp_path, monkeypatch):
    """The team's workspace on SQLite and on PostgreSQL."""
    monkeypatch.delenv("QUERY_STRING", raising=False)
    store = Store(request.param, tmp_path)
    try:
        with store.open() as ws:
            yield ws
    finally:
        store.drop()


@pytest.fixture
def measures(workspace):
    """The default project of the app, with a violence measure (20 weeks) and a huddle measure."""
    team = workspace.create_team("Our ward team")
    project = workspace.create_project(team.id, "Our improvement project")
    violence = violence_measure()
    huddles = Measure(name="Huddles held", type="process", form="count")
    workspace.save(project.id, MeasurementPlan(measures=[violence, huddles]))
    workspace.save_observations(
        violence.id,
        [Observation(MONDAY + dt.timedelta(weeks=k), 6 + k % 4, 600 + 5 * k) for k in range(20)],
    )
    return project, violence, huddles


def make(workspace):
    return plan_pdsa.PDSAApp(workspace, delay_ms=60_000)


def test_each_cycle_lists_the_measures_by_name_and_keeps_its_links(workspace, measures):
    _, violence, huddles = measures
    app = make(workspace)
    bench = app.workbench
    assert [label for label, _ in bench.measures_moved.options] == [violence.name, huddles.name]
    assert violence.id not in bench.measures_note.value + bench.data_pointer.value
    bench.change_idea.value = "Safety huddle"
    bench.start_date.value = MONDAY + dt.timedelta(weeks=8)
    bench.measures_moved.value = (violence.id, huddles.id)
    assert bench.ramp.cycles[0].measure_ids == [violence.id, huddles.id]
    bench.next_button.click()
    assert bench.measures_moved.value == ()
    bench.start_date.value = MONDAY + dt.timedelta(weeks=14)
    bench.measures_moved.value = (violence.id,)
    app.flush()
    again = make(workspace).workbench
    assert [c.measure_ids for c in again.ramp.cycles] == [[violence.id, huddles.id], [violence.id]]
    assert again.measures_moved.value == (violence.id,)  # cycle 2 is shown
    again.cycle.value = 1
    assert again.measures_moved.value == (violence.id, huddles.id)


def test_a_linked_measure_is_charted_with_the_cycles_marked(workspace, measures):
    _, violence, _ = measures
    bench = make(workspace).workbench
    assert bench.data_charts.children == ()  # nothing linked yet
    bench.change_idea.value = "Safety huddle"
    bench.start_date.value = MONDAY + dt.timedelta(weeks=8)
    bench.measures_moved.value = (violence.id,)
    bench.next_button.click()
    bench.start_date.value = MONDAY + dt.timedelta(weeks=14)  # cycle 2 is not linked
    (view,) = bench.data_charts.children
    spec = view.jupyter_chart.chart.to_dict()
    text = json.dumps(spec)
    assert "PDSA 1: Safety huddle" in text and "PDSA 2" not in text
    assert (MONDAY + dt.timedelta(weeks=8)).isoformat() in text
    table = workspace.observation_table(violence.id)
    expected = qikit.spc(
        table,
        x="period",
        y="numerator",
        n="denominator",
        chart="u",
        multiply=1000,
        improvement="decrease",
    )
    drawn = chart_points(spec).sort_values("x")
    assert np.allclose(drawn["y"], expected.points["y"], atol=1e-3)
    bench.cycle.value = 2
    bench.measures_moved.value = (violence.id,)
    (view,) = bench.data_charts.children
    labels = json.dumps(view.jupyter_chart.chart.to_dict())
    # the second cycle on the same idea is marked by its number; the idea is named once
    assert '"PDSA 2"' in labels and "PDSA 1: Safety huddle" in labels


def test_points_to_the_data_entry_workbook_carrying_the_project(workspace, measures):
    project, _, _ = measures
    bench = make(workspace).workbench
    assert f'href="13_our_data.ipynb?project={project.id}"' in bench.data_pointer.value
    assert bench.old_data.value == "" and bench.measures_note.value == ""


def test_a_project_without_measures_points_to_the_plan(workspace):
    bench = make(workspace).workbench
    assert bench.measures_moved.options == ()
    assert "04_measurement_strategy.ipynb?project=" in bench.measures_note.value


def test_a_cycle_keeps_links_to_measures_no_longer_in_the_plan(workspace, measures):
    project, violence, huddles = measures
    bench = make(workspace).workbench
    bench.measures_moved.value = (huddles.id,)
    bench.keeper.flush()
    workspace.save(
        project.id,
        MeasurementPlan(measures=[violence]),
        workspace.records(project.id, "measurement_plan")[0].id,
    )
    again = make(workspace).workbench
    assert [label for label, _ in again.measures_moved.options] == [violence.name]
    again.measures_moved.value = (violence.id,)
    assert again.ramp.cycles[0].measure_ids == [violence.id, huddles.id]


def test_ramp_measure_ids_in_the_order_first_linked():
    from qikit.improve import Ramp

    ramp = Ramp()
    ramp.add_cycle(measure_ids=["b" * 12])
    ramp.add_cycle(measure_ids=["a" * 12, "b" * 12])
    ramp.add_cycle()
    assert ramp.measure_ids() == ["b" * 12, "a" * 12]


def test_aim_and_change_ideas_from_workbook_01_are_offered(workspace):
    from qikit.improve import Aim, DriverDiagram

    team = workspace.create_team("Our ward team")
    project = workspace.create_project(team.id, "Our improvement project")
    aim = "Reduce violent incidents on Willow Ward from 12 to 6 per 1,000 OBDs by March 2027"
    workspace.save(project.id, Aim.from_text(aim))
    diagram = DriverDiagram(aim=aim)
    primary = diagram.add_primary("Shared risk picture")
    diagram.add_change_idea("Safety huddle every shift", [primary.id])
    diagram.add_change_idea("Calm box on the ward")
    workspace.save(project.id, diagram)
    app = make(workspace)
    bench = app.workbench
    assert aim in bench.aim_line.value
    labels = [label for label, _ in bench.idea_choice.options]
    assert labels == ["Type your own below", "Safety huddle every shift", "Calm box on the ward"]
    bench.idea_choice.value = bench.idea_choice.options[1][1]
    assert bench.change_idea.value == "Safety huddle every shift"
    assert bench.driver.value == "Shared risk picture"
    bench.objective.value = "Try it on one early shift"
    assert bench.ramp.cycles[0].aim == aim
    bench.next_button.click()
    assert bench.ramp.cycles[1].aim == aim
    app.flush()
    again = make(workspace).workbench
    assert again.change_idea.value == "Safety huddle every shift"
    assert [c.aim for c in again.ramp.cycles] == [aim, aim]


def test_without_an_aim_the_page_points_to_workbook_01(workspace):
    bench = make(workspace).workbench
    assert "01_model_for_improvement.ipynb?project=" in bench.aim_line.value
    assert bench.idea_choice.layout.display == "none"
