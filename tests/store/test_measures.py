"""Measures and observations as rows of the workspace, on SQLite and PostgreSQL, and the upgrade
of a workspace made by the previous release (schema version 3, file in tests/store/data)."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from qikit.errors import DataError
from qikit.improve import PDSA, Measure, MeasurementPlan, Ramp
from qikit.improve.observations import Observation
from qikit.store import SCHEMA_VERSION, SQLiteWorkspace, open_workspace
from tests.store.test_backends import Store
from tests.team_measures import violence_measure

RELEASE_FILE = Path(__file__).parent / "data" / "workspace_release_v3.db"
MONDAY = dt.date(2026, 1, 5)


def violence() -> Measure:
    return violence_measure(target=8, rules="mdc", form="")


def huddles() -> Measure:
    return Measure(
        name="% of shifts with a safety huddle",
        type="process",
        numerator="Shifts with a huddle",
        denominator="Shifts",
        chart_type="p",
        better="higher",
    )


def weeks(count: int, start: dt.date = MONDAY) -> list[dt.date]:
    return [start + dt.timedelta(weeks=k) for k in range(count)]


def test_a_planned_measure_is_a_row_with_an_id(workspace, project):
    m = violence()
    plan_id = workspace.save(project.id, MeasurementPlan(aim="Less violence", measures=[m]))
    [saved] = workspace.measures(project.id)
    assert saved.id == m.id and len(m.id) == 12
    assert saved == m
    assert workspace.measure_project(m.id) == project.id
    # saving the plan again (as the app does on every keystroke) keeps the id
    plan = workspace.load("measurement_plan", plan_id)
    plan.measures[0].target = 6
    workspace.save(project.id, plan, plan_id)
    assert [x.target for x in workspace.measures(project.id)] == [6]


def test_observations_are_rows_and_a_correction_replaces_one_week(workspace, project):
    m = violence()
    workspace.save(project.id, MeasurementPlan(measures=[m]))
    rows = [Observation(d, 3 + k % 4, 300 + k) for k, d in enumerate(weeks(5))]
    assert workspace.save_observations(m.id, rows, entered_by="Charge nurse") == 5
    table = workspace.observation_table(m.id)
    assert table["numerator"].tolist() == [3, 4, 5, 6, 3]
    assert table["denominator"].tolist() == [300, 301, 302, 303, 304]
    assert set(table["entered_by"]) == {"Charge nurse"}
    # a past week typed again with other numbers is refused unless it is a correction
    with pytest.raises(DataError, match="05/01/2026 already have other numbers"):
        workspace.save_observations(m.id, [Observation("05/01/2026", 9, 300)])
    assert workspace.observation_table(m.id)["numerator"].iloc[0] == 3  # nothing lost
    workspace.save_observations(m.id, [Observation("05/01/2026", 9, 300)], overwrite=True)
    assert workspace.observation_table(m.id)["numerator"].iloc[0] == 9
    workspace.delete_observation(m.id, "12/01/2026")
    assert len(workspace.observations(m.id)) == 4


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([Observation(MONDAY, 3, 300), Observation("05/01/2026", 4, 300)], "appears twice"),
        ([Observation(MONDAY, None, 300)], "'Violent incidents' is blank for the week of"),
        ([Observation(MONDAY, 3, None)], "'Occupied bed days' is blank for the week of 05/01"),
    ],
)
def test_bad_weeks_are_refused_in_words_and_nothing_is_written(workspace, project, rows, message):
    m = violence()
    workspace.save(project.id, MeasurementPlan(measures=[m]))
    workspace.save_observations(m.id, [Observation(dt.date(2025, 12, 29), 2, 280)])
    with pytest.raises(DataError, match=message):
        workspace.save_observations(m.id, rows)
    assert len(workspace.observations(m.id)) == 1


def test_a_percentage_cannot_count_more_than_it_is_out_of(workspace, project):
    m = huddles()
    workspace.save(project.id, MeasurementPlan(measures=[m]))
    with pytest.raises(DataError, match=r"\(15\) is more than 'Shifts' \(14\)"):
        workspace.save_observations(m.id, [Observation(MONDAY, 15, 14)])


def test_a_note_with_an_nhs_number_is_refused(workspace, project):
    m = violence()
    workspace.save(project.id, MeasurementPlan(measures=[m]))
    with pytest.raises(DataError, match="NHS number"):
        workspace.save_observations(m.id, [Observation(MONDAY, 3, 300, note="943 476 5919")])
    assert workspace.observations(m.id) == []


def test_a_measure_taken_out_of_the_plan_keeps_its_weeks(workspace, project):
    a, b = violence(), huddles()
    plan_id = workspace.save(project.id, MeasurementPlan(measures=[a, b]))
    workspace.save_observations(b.id, [Observation(MONDAY, 10, 14)])
    workspace.save(project.id, MeasurementPlan(measures=[a]), plan_id)
    assert [m.id for m in workspace.measures(project.id)] == [a.id]
    assert len(workspace.observations(b.id)) == 1
    workspace.save(project.id, MeasurementPlan(measures=[a, b]), plan_id)  # put back
    assert [m.id for m in workspace.measures(project.id)] == [a.id, b.id]


def test_save_measure_changes_it_inside_its_plan(workspace, project):
    a = violence()
    workspace.save(project.id, MeasurementPlan(aim="Less violence", measures=[a]))
    a.upload_columns = {"date": "Week", "numerator": "Incidents", "denominator": "OBDs"}
    workspace.save_measure(project.id, a)
    [plan] = workspace.records(project.id, "measurement_plan")
    assert plan.item.measures[0].upload_columns["denominator"] == "OBDs"
    b = workspace.save_measure(project.id, huddles())
    assert [m.id for m in workspace.measures(project.id)] == [a.id, b]
    assert len(workspace.records(project.id, "measurement_plan")) == 1


def test_a_plan_saved_from_an_older_copy_keeps_the_remembered_columns(workspace, project):
    a = violence()
    plan_id = workspace.save(project.id, MeasurementPlan(measures=[a]))
    stale = workspace.load("measurement_plan", plan_id)  # the plan app's copy, in another tab
    a.upload_columns = {"date": "Week", "numerator": "Incidents"}
    workspace.save_measure(project.id, a)  # the data-entry workbook remembers a file's columns
    stale.measures[0].target = 5
    workspace.save(project.id, stale, plan_id)
    [saved] = workspace.measures(project.id)
    assert saved.target == 5 and saved.upload_columns == {"date": "Week", "numerator": "Incidents"}


def test_export_and_import_carry_measures_observations_and_linked_cycles(workspace, project):
    m = violence()
    workspace.save(project.id, MeasurementPlan(measures=[m]))
    workspace.save_observations(m.id, [Observation(d, 4, 300) for d in weeks(3)])
    workspace.save(project.id, PDSA(change_idea="Huddle", measure_ids=[m.id]))
    ramp = Ramp(change_idea="Huddle")
    ramp.add_cycle(measure_ids=[m.id])
    workspace.save(project.id, ramp)
    data = workspace.export_project(project.id)
    assert data["version"] == 2
    assert len(data["observations"][m.id]) == 3
    copy = workspace.import_project(data, project.team_id, name="Copy")
    [new] = workspace.measures(copy.id)
    assert new.id != m.id and new.name == m.name
    assert [o.numerator for o in workspace.observations(new.id)] == [4, 4, 4]
    assert workspace.records(copy.id, "pdsa")[0].item.measure_ids == [new.id]
    assert workspace.records(copy.id, "ramp")[0].item.cycles[0].measure_ids == [new.id]
    # the original is untouched
    assert len(workspace.observations(m.id)) == 3


def test_an_import_with_a_bad_week_adds_nothing(workspace, project):
    m = huddles()
    workspace.save(project.id, MeasurementPlan(measures=[m]))
    workspace.save_observations(m.id, [Observation(MONDAY, 10, 14)])
    data = workspace.export_project(project.id)
    data["observations"][m.id][0]["numerator"] = 20
    before = len(workspace.projects())
    with pytest.raises(DataError, match="more than 'Shifts'"):
        workspace.import_project(data, project.team_id, name="Bad")
    assert len(workspace.projects()) == before


def test_a_version_1_project_file_still_imports(workspace, project):
    workspace.save(project.id, MeasurementPlan(measures=[violence()]))
    data = workspace.export_project(project.id)
    data["version"] = 1
    del data["observations"]
    for entry in data["items"]["measurement_plan"]:
        for measure in entry["data"]["measures"]:
            for name in ("id", "definition", "unit", "target", "rules", "upload_columns"):
                measure.pop(name)
    copy = workspace.import_project(data, project.team_id, name="Old file")
    assert [m.name for m in workspace.measures(copy.id)] == [violence().name]


# ----- the upgrade of a workspace made by the previous release --------------------------------
def check_upgraded(ws) -> None:
    [only] = ws.projects()
    [team] = ws.teams()
    assert len(team.join_code) == 6 and ws.team_by_code(team.join_code) == team
    assert only.shared is False
    measures = ws.measures(only.id)
    names = [m.name for m in measures]
    assert names[:3] == [
        "Violent incidents per 1,000 occupied bed days",
        "% of shifts with a safety huddle",
        "PRN doses",
    ]
    assert len({m.id for m in measures}) == len(measures)
    # the plan keeps its measures, now with the ids of their rows
    plan = ws.load("measurement_plan", "plan1")
    assert [m.id for m in plan.measures][:3] == [m.id for m in measures][:3]
    assert ws.load("aim", "aim1").statement.startswith("Reduce violent")
    # values typed as text in a ramp became observations; a percentage typed without its
    # denominator became a run-chart measure of its own rather than weeks of the p chart
    typed = {m.name: m for m in measures}
    huddle = typed["% of shifts with a safety huddle (as typed in the PDSA ramp)"]
    assert huddle.chart_type == "run" and huddle.type == "process"
    assert [(o.period, o.numerator) for o in ws.observations(huddle.id)] == [
        (dt.date(2026, 9, 7), 40),
        (dt.date(2026, 9, 14), 55),
        (dt.date(2026, 9, 21), 70),
    ]
    talk = typed["Minutes of talk-down"]
    assert [o.numerator for o in ws.observations(talk.id)] == [4, 6]
    assert ws.observations(typed["PRN doses"].id) == []
    assert ws.load("ramp", "ramp1").cycles[0].start_date == dt.date(2026, 9, 10)


def test_a_workspace_from_the_previous_release_opens_and_upgrades(tmp_path):
    path = tmp_path / "workspace.db"
    shutil.copy(RELEASE_FILE, path)
    with sqlite3.connect(path) as old:
        assert old.execute("SELECT MAX(version) FROM schema_version").fetchone() == (3,)
    with SQLiteWorkspace(path) as ws:
        assert ws.upgraded == [4, 5, 6] and ws.schema_version == SCHEMA_VERSION == 6
        check_upgraded(ws)
    with SQLiteWorkspace(path) as ws:  # a second opening changes nothing
        assert ws.upgraded == []
        check_upgraded(ws)


V3_ITEM_COLUMNS = (
    "id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE, "
    "data TEXT NOT NULL, updated_at TEXT NOT NULL, name TEXT NOT NULL DEFAULT '', "
    "created_at TEXT NOT NULL DEFAULT '', seq BIGSERIAL"
)
V3_TABLES = ("aims", "driver_diagrams", "pdsas", "ramps", "measurement_plans")


def test_a_shared_database_from_the_previous_release_upgrades(tmp_path):
    """The same release workspace, laid out as the previous release laid out PostgreSQL."""
    import psycopg

    made = Store("postgresql", tmp_path)
    try:
        old = sqlite3.connect(RELEASE_FILE)
        with psycopg.connect(made.location, autocommit=True) as db:
            db.execute(
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                "applied_at TEXT NOT NULL)"
            )
            db.execute("INSERT INTO schema_version VALUES (3, '2026-11-30T00:00:00Z')")
            db.execute(
                "CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                "updated_at TEXT NOT NULL)"
            )
            db.execute(
                "CREATE TABLE projects (id TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES "
                "teams(id) ON DELETE CASCADE, name TEXT NOT NULL, updated_at TEXT NOT NULL)"
            )
            for table in V3_TABLES:
                db.execute(f"CREATE TABLE {table} ({V3_ITEM_COLUMNS})")
            for row in old.execute("SELECT id, name, updated_at FROM teams"):
                db.execute("INSERT INTO teams VALUES (%s, %s, %s)", row)
            for row in old.execute("SELECT id, team_id, name, updated_at FROM projects"):
                db.execute("INSERT INTO projects VALUES (%s, %s, %s, %s)", row)
            for table in V3_TABLES:
                for row in old.execute(
                    f"SELECT id, project_id, data, updated_at, name, created_at FROM {table} "
                    "ORDER BY created_at, rowid"
                ):
                    db.execute(
                        f"INSERT INTO {table} (id, project_id, data, updated_at, name, "
                        "created_at) VALUES (%s, %s, %s, %s, %s, %s)",
                        row,
                    )
        old.close()
        with open_workspace(made.location) as ws:
            assert ws.upgraded == [4, 5, 6] and ws.schema_version == 6
            check_upgraded(ws)
        with open_workspace(made.location) as ws:
            assert ws.upgraded == []
    finally:
        made.drop()
