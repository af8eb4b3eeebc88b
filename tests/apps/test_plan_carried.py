"""The aim and change ideas typed in workbook 01 reach workbooks 02 and 04 without retyping."""

from __future__ import annotations

import pytest

from qikit.apps import plan_aim, plan_measures, plan_pdsa
from qikit.store import SQLiteWorkspace

AIM = "Reduce physical violence on Oak ward from 12 to 8 per 1,000 occupied bed days by 2030"


@pytest.fixture
def workspace(tmp_path):
    with SQLiteWorkspace(tmp_path / "workspace.db") as ws:
        yield ws


def test_what_01_holds_is_offered_in_02_and_04(workspace):
    first = plan_aim.ModelForImprovementApp(workspace, delay_ms=60_000)
    first.aim.statement.value = AIM
    diagram = first.diagram
    diagram.new_primary.value = "Early recognition of tension"
    diagram.add_primary_button.click()
    diagram.new_secondary.value = "Shared risk picture"
    diagram.add_secondary_button.click()
    diagram.acts_on.value = (diagram.acts_on.options[-1][1],)
    diagram.new_idea.value = "Safety huddle every shift"
    diagram.add_idea_button.click()
    first.flush()

    bench = plan_pdsa.PDSAApp(workspace, delay_ms=60_000).workbench
    assert AIM in bench.aim_line.value  # the aim is shown
    ideas = dict(bench.idea_choice.options)
    assert "Safety huddle every shift" in ideas and bench.idea_choice.layout.display == ""
    bench.idea_choice.value = ideas["Safety huddle every shift"]
    assert bench.change_idea.value == "Safety huddle every shift"
    assert bench.driver.value == "Shared risk picture"
    assert bench.ramp.cycles[0].aim == AIM
    bench.keeper.flush()
    again = plan_pdsa.PDSAApp(workspace, delay_ms=60_000).workbench
    assert again.idea_choice.value == ideas["Safety huddle every shift"]  # shown as chosen

    builder = plan_measures.MeasurementStrategyApp(workspace, delay_ms=60_000).builder
    assert builder.aim.value == AIM and "your aim from workbook 01" in builder.aim_from_01.value


def test_an_aim_built_from_its_parts_is_carried_too(workspace):
    import datetime as dt

    first = plan_aim.ModelForImprovementApp(workspace, delay_ms=60_000)
    first.aim.what.value = "physical violence"
    first.aim.direction.value = "reduce"
    first.aim.by_when.value = dt.date(2030, 3, 31)
    first.flush()
    written = first.aim.aim_text
    assert written.startswith("Reduce physical violence")
    assert written in plan_pdsa.PDSAApp(workspace, delay_ms=60_000).workbench.aim_line.value
    assert plan_measures.MeasurementStrategyApp(workspace, delay_ms=60_000).builder.aim.value == (
        written
    )
