"""The worked example team: loaded with one click, once, from the synthetic collaborative."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from qikit import datasets, thread, worked_team
from qikit.spc import spc
from qikit.store import open_workspace
from qikit.store.workspace import pdsas_for


@pytest.fixture
def workspace(tmp_path):
    ws = open_workspace(tmp_path)
    yield ws
    ws.close()


def ward_weeks() -> pd.DataFrame:
    weekly = datasets.load("weekly")
    rows = weekly[weekly["ward_id"] == worked_team.WARD_ID]
    return rows[rows["week"].between(worked_team.FIRST_WEEK, worked_team.LAST_WEEK)]


def test_loads_the_whole_thread_once(workspace):
    project = worked_team.load_worked_team(workspace)
    again = worked_team.load_worked_team(workspace)
    assert again.id == project.id
    assert [t.name for t in workspace.teams()] == [worked_team.TEAM]
    assert len(workspace.projects()) == 1
    kinds = sorted(r.kind for r in workspace.records(project.id))
    assert kinds == ["aim", "driver_diagram", "measurement_plan", "ramp"]
    assert "worked example" in worked_team.TEAM and "synthetic" in worked_team.SYNTHETIC_NOTE
    assert worked_team.is_worked_team(workspace, project.id)


def test_family_of_measures_with_directions_and_targets(workspace):
    project = worked_team.load_worked_team(workspace)
    outcome, process, balancing = thread.family(workspace.measures(project.id))
    assert (outcome.type, process.type, balancing.type) == ("outcome", "process", "balancing")
    assert outcome.name == "Violent incidents per 1,000 occupied bed days"
    assert (outcome.chart_type, outcome.multiplier, outcome.better) == ("u", 1000, "lower")
    assert (process.chart_type, process.better, process.target) == ("p", "higher", 90.0)
    assert balancing.better == "lower" and balancing.chart_type == "u"
    for measure in (outcome, process, balancing):
        assert measure.definition and measure.data_source.startswith("Synthetic")
    # The target is the aim's 30% fewer than the ward's rate before its first cycle.
    changes = datasets.load("changes")
    first = int(changes.loc[changes["ward_id"] == worked_team.WARD_ID, "start_week"].iloc[0])
    before = ward_weeks()[ward_weeks()["week"] < first]
    rate = before["violence_incidents"].sum() / before["occupied_bed_days"].sum() * 1000
    assert outcome.target == pytest.approx(round(rate * 0.7, 1))
    aim = workspace.records(project.id, "aim")[0].item
    assert aim.text().startswith("Reduce violent incidents") and aim.how_much == 30


def test_observations_are_the_synthetic_wards_weeks(workspace):
    project = worked_team.load_worked_team(workspace)
    expected = ward_weeks()
    assert len(expected) >= 30
    columns = {
        "outcome": "violence_incidents",
        "process": "huddles_held",
        "balancing": "rapid_tranquillisation",
    }
    for measure in workspace.measures(project.id):
        table = workspace.observation_table(measure.id)
        assert list(pd.to_datetime(table["period"])) == list(expected["week_start"])
        assert table["numerator"].tolist() == expected[columns[measure.type]].tolist()
        denominator = "shifts" if measure.type == "process" else "occupied_bed_days"
        assert table["denominator"].tolist() == expected[denominator].tolist()
        assert set(table["entered_by"]) == {worked_team.ENTERED_BY}


def test_cycles_ramp_up_and_are_linked_to_the_outcome(workspace):
    project = worked_team.load_worked_team(workspace)
    outcome = thread.family(workspace.measures(project.id))[0]
    cycles = list(pdsas_for(workspace, project.id, outcome.id))
    assert 3 <= len(cycles) <= 4
    assert [c.cycle_number for c in cycles] == list(range(1, len(cycles) + 1))
    assert [c.scale for c in cycles] == ["one_shift", "one_day", "one_week", "one_ward"]
    assert cycles[-1].act_decision == "adopt"
    charted = thread.measure_chart(workspace, outcome.id)
    assert len(charted.cycles) == len(cycles)


def test_outcome_chart_equals_qikit_spc_on_the_same_weeks(workspace):
    project = worked_team.load_worked_team(workspace)
    outcome = thread.family(workspace.measures(project.id))[0]
    weeks = ward_weeks()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = spc(
            weeks,
            x="week_start",
            y="violence_incidents",
            n="occupied_bed_days",
            chart="u",
            multiply=1000,
            improvement="decrease",
            target=outcome.target,
            rules="mdc",
        ).points
    got = thread.measure_chart(workspace, outcome.id).result.points
    for column in ("y", "cl", "lcl", "ucl"):
        np.testing.assert_allclose(got[column].astype(float), expected[column].astype(float))
    assert list(got["special_cause"]) == list(expected["special_cause"])


def test_a_second_click_fills_in_what_is_missing(workspace):
    project = worked_team.load_worked_team(workspace)
    ramp = workspace.records(project.id, "ramp")[0]
    workspace.delete("ramp", ramp.id)
    outcome = thread.family(workspace.measures(project.id))[0]
    first = workspace.observations(outcome.id)[0].period
    workspace.delete_observation(outcome.id, first)
    again = worked_team.load_worked_team(workspace)
    assert again.id == project.id
    assert len(workspace.records(project.id, "ramp")) == 1
    # A measure that still has weeks is left as the facilitator left it.
    assert len(workspace.observations(outcome.id)) == len(ward_weeks()) - 1


def test_on_postgresql_too():
    import os
    import uuid

    url = os.environ.get("QIKIT_TEST_DATABASE_URL", "").strip()
    if not url:
        pytest.skip("QIKIT_TEST_DATABASE_URL is not set")
    psycopg = pytest.importorskip("psycopg")
    from tests.store.test_backends import with_search_path

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    try:
        with open_workspace(with_search_path(url, schema)) as ws:
            project = worked_team.load_worked_team(ws)
            assert worked_team.load_worked_team(ws).id == project.id
            assert len(ws.projects()) == 1
            outcome = thread.family(ws.measures(project.id))[0]
            assert len(ws.observations(outcome.id)) == len(ward_weeks())
            assert len(list(pdsas_for(ws, project.id, outcome.id))) == 4
    finally:
        with psycopg.connect(url, autocommit=True) as db:
            db.execute(f"DROP SCHEMA {schema} CASCADE")
