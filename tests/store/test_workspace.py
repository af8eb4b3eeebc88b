import json
import sqlite3

import pytest

from qikit.errors import DataError
from qikit.improve import PDSA, Aim, DriverDiagram, Measure, MeasurementPlan, Ramp
from qikit.store import SCHEMA_VERSION, SQLiteWorkspace, default_folder, open_workspace


@pytest.fixture
def workspace(tmp_path):
    with SQLiteWorkspace(tmp_path / "workspace.db") as ws:
        yield ws


@pytest.fixture
def project(workspace):
    team = workspace.create_team("Oak ward")
    return workspace.create_project(team.id, "Reducing violence")


def sample_items():
    diagram = DriverDiagram(aim="Reduce violence by 30% by March 2027")
    p = diagram.add_primary("Early recognition")
    s = diagram.add_secondary(p.id, "Shared risk picture")
    diagram.add_change_idea("Safety huddle", [s.id])
    ramp = Ramp(change_idea="Safety huddle")
    ramp.add_cycle(scale="one_shift", objective="Try it once", act_decision="adapt", id="r1")
    ramp.add_cycle(scale="one_day", id="r2")
    return [
        Aim(
            what="physical violence",
            direction="reduce",
            baseline=12,
            how_much=8,
            by_when="2027-03-31",
            contributors=[{"role": "carer"}],
        ),
        diagram,
        PDSA(change_idea="Brøset checklist", scale="one_person", start_date="2026-12-01", id="b1"),
        ramp,
        MeasurementPlan(aim="Reduce violence", measures=[Measure(name="Falls per 1,000 OBDs")]),
    ]


def test_new_workspace_is_at_current_version(workspace):
    assert workspace.schema_version == SCHEMA_VERSION == 6
    assert workspace.upgraded == [1, 2, 3, 4, 5, 6]
    mode = workspace._db.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_every_kind_round_trips(workspace, project):
    items = sample_items()
    ids = [workspace.save(project.id, item) for item in items]
    kinds = ["aim", "driver_diagram", "pdsa", "ramp", "measurement_plan"]
    for kind, item_id, item in zip(kinds, ids, items, strict=True):
        assert workspace.load(kind, item_id) == item
    records = workspace.records(project.id)
    assert [r.kind for r in records] == kinds
    assert records[0].name.startswith("Change physical violence") is False
    assert records[0].name.startswith("Reduce physical violence")
    assert records[3].name == "Safety huddle"


def test_save_again_replaces(workspace, project):
    aim = Aim(what="restraint")
    item_id = workspace.save(project.id, aim)
    aim.what = "restraint and seclusion"
    assert workspace.save(project.id, aim, item_id) == item_id
    records = workspace.records(project.id, "aim")
    assert len(records) == 1 and records[0].item.what == "restraint and seclusion"


def test_reopening_keeps_everything(tmp_path):
    path = tmp_path / "w.db"
    with SQLiteWorkspace(path) as ws:
        team = ws.create_team("Birch ward")
        project = ws.create_project(team.id, "Falls")
        item_id = ws.save(project.id, sample_items()[0])
    with SQLiteWorkspace(path) as ws:
        assert ws.upgraded == []
        assert [t.name for t in ws.teams()] == ["Birch ward"]
        assert ws.load("aim", item_id) == sample_items()[0]


def test_delete(workspace, project):
    item_id = workspace.save(project.id, Aim(what="x"))
    workspace.delete("aim", item_id)
    with pytest.raises(DataError, match="no saved aim"):
        workspace.load("aim", item_id)


def test_errors_in_plain_words(workspace, project):
    with pytest.raises(DataError, match="no project"):
        workspace.save("nope", Aim())
    with pytest.raises(DataError, match="cannot keep a dict"):
        workspace.save(project.id, {"what": "x"})
    with pytest.raises(DataError, match="kind should be one of"):
        workspace.load("poster", "x")
    with pytest.raises(DataError, match="'team name' is blank"):
        workspace.create_team("  ")
    with pytest.raises(DataError, match="no team"):
        workspace.create_project("nope", "P")


def test_projects_by_team(workspace):
    a = workspace.create_team("A")
    b = workspace.create_team("B")
    workspace.create_project(a.id, "One")
    workspace.create_project(b.id, "Two")
    assert [p.name for p in workspace.projects(a.id)] == ["One"]
    assert [p.name for p in workspace.projects()] == ["One", "Two"]


def test_export_and_import_a_project(workspace, project, tmp_path):
    for item in sample_items():
        workspace.save(project.id, item)
    path = workspace.export_project_json(project.id, tmp_path / "project.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "qikit-project" and data["project"] == "Reducing violence"
    assert {k: len(v) for k, v in data["items"].items()} == {
        "aim": 1,
        "driver_diagram": 1,
        "pdsa": 1,
        "ramp": 1,
        "measurement_plan": 1,
    }
    with SQLiteWorkspace(tmp_path / "other.db") as other:
        copy = other.import_project_json(path)
        assert [t.name for t in other.teams()] == ["Oak ward"]
        assert copy.name == "Reducing violence"
        assert [r.item for r in other.records(copy.id)] == sample_items()
    # Importing into the same workspace makes a second project with new ids.
    again = workspace.import_project(data, team_id=project.team_id)
    old_ids = {r.id for r in workspace.records(project.id)}
    new_ids = {r.id for r in workspace.records(again.id)}
    assert len(new_ids) == 5 and not old_ids & new_ids


def test_faulty_import_adds_nothing(workspace, project):
    for item in sample_items():
        workspace.save(project.id, item)
    data = workspace.export_project(project.id)
    data["items"]["pdsa"][0]["data"]["scale"] = "the moon"
    with pytest.raises(DataError, match="In pdsa 1 of the file: .*'scale'"):
        workspace.import_project(data)
    assert len(workspace.projects()) == 1
    with pytest.raises(DataError, match="not a qikit project"):
        workspace.import_project({"format": "something"})


def test_import_bad_json_file(workspace, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match="not valid JSON"):
        workspace.import_project_json(path)


def test_default_folder_and_environment_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("QIKIT_WORKSPACE", raising=False)
    monkeypatch.delenv("QIKIT_DATABASE_URL", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_folder() == tmp_path / "home" / "qikit-workspace"
    monkeypatch.setenv("QIKIT_WORKSPACE", str(tmp_path / "elsewhere"))
    with open_workspace() as ws:
        assert ws.path == tmp_path / "elsewhere" / "workspace.db"
    assert (tmp_path / "elsewhere" / "workspace.db").exists()
    with pytest.raises(DataError, match="not available"):
        open_workspace("mysql://server/qi")


# The version-1 layout, written out here as qikit 0.1 created it, so the upgrade is tested
# against a file made independently of the current schema code.
VERSION_1 = """
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
INSERT INTO schema_version VALUES (1, '2026-01-01T00:00:00Z');
CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE projects (id TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES teams(id)
  ON DELETE CASCADE, name TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE aims (id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES projects(id)
  ON DELETE CASCADE, data TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE driver_diagrams (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, data TEXT NOT NULL,
  updated_at TEXT NOT NULL);
CREATE TABLE pdsas (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, data TEXT NOT NULL,
  updated_at TEXT NOT NULL);
INSERT INTO teams VALUES ('t1', 'Elm ward', '2026-01-01T00:00:00Z');
INSERT INTO projects VALUES ('p1', 't1', 'Self-harm', '2026-01-01T00:00:00Z');
INSERT INTO aims VALUES ('a1', 'p1',
  '{"what": "self-harm incidents", "direction": "reduce", "statement": "Halve self-harm on Elm ward by June 2027"}',
  '2026-01-02T00:00:00Z');
INSERT INTO pdsas VALUES ('c1', 'p1', '{"cycle_number": 1, "change_idea": "Safety plan"}',
  '2026-01-03T00:00:00Z');
"""  # noqa: E501


def test_upgrade_from_version_1(tmp_path):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.executescript(VERSION_1)
    old.commit()
    old.close()
    with SQLiteWorkspace(path) as ws:
        assert ws.upgraded == [2, 3, 4, 5, 6]
        assert ws.schema_version == 6
        aim = ws.load("aim", "a1")
        assert aim.statement == "Halve self-harm on Elm ward by June 2027"
        records = ws.records("p1")
        assert [(r.kind, r.name, r.updated_at) for r in records] == [
            ("aim", "Halve self-harm on Elm ward by June 2027", "2026-01-02T00:00:00Z"),
            ("pdsa", "Cycle 1: Safety plan", "2026-01-03T00:00:00Z"),
        ]
        # Tables added by step 2 work.
        ws.save("p1", Ramp(change_idea="Safety plan"))
        assert [r.kind for r in ws.records("p1")][-1] == "ramp"


def test_failed_upgrade_step_leaves_previous_version(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.executescript(VERSION_1)
    old.commit()
    old.close()
    from qikit.store import schema

    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut")

    monkeypatch.setattr(schema, "STEPS", [schema.STEPS[0], schema.STEPS[1], broken])
    with pytest.raises(RuntimeError):
        SQLiteWorkspace(path)
    check = sqlite3.connect(path)
    assert check.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == 2
    tables = {r[0] for r in check.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables and "ramps" in tables
    check.close()


def test_newer_workspace_is_refused(tmp_path):
    path = tmp_path / "new.db"
    with SQLiteWorkspace(path):
        pass
    db = sqlite3.connect(path)
    db.execute("INSERT INTO schema_version VALUES (99, 'later')")
    db.commit()
    db.close()
    with pytest.raises(DataError, match="newer qikit"):
        SQLiteWorkspace(path)


def test_import_with_a_new_name(workspace, project):
    workspace.save(project.id, sample_items()[0])
    copy = workspace.import_project(workspace.export_project(project.id), name="Copy")
    assert copy.name == "Copy" and copy.team_id == project.team_id
