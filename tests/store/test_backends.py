"""The team workspace behaves the same on SQLite (one file) and on a shared PostgreSQL server.

The PostgreSQL server comes from QIKIT_TEST_DATABASE_URL, or is started by
scripts/ensure-postgres.sh. Each test gets its own PostgreSQL schema, dropped afterwards. Where no
PostgreSQL can be had these tests are skipped with the reason, except in CI (CI=true), where
they fail.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

from qikit.errors import DataError
from qikit.improve import PDSA, Aim, DriverDiagram, Measure, MeasurementPlan, Ramp
from qikit.store import SCHEMA_VERSION, SQLiteWorkspace, open_workspace

ROOT = Path(__file__).resolve().parents[2]
BACKENDS = ["sqlite", "postgresql"]


def _unavailable(reason: str) -> None:
    """Skip, or fail in CI, when PostgreSQL cannot be had."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"no PostgreSQL server: {reason}")


_SERVER: dict[str, str] = {}


def postgres_server_url() -> str:
    """The URL of a PostgreSQL database the tests may fill (found or started once a session)."""
    if "url" in _SERVER:
        return _SERVER["url"]
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the 'psycopg' package is not installed (pip install 'qikit[postgres]')")
    url = os.environ.get("QIKIT_TEST_DATABASE_URL", "").strip()
    if not url:
        done = subprocess.run(
            ["sh", str(ROOT / "scripts" / "ensure-postgres.sh")],
            capture_output=True,
            text=True,
            timeout=600,
        )
        url = done.stdout.strip()
        if done.returncode != 0 or not url:
            _unavailable(done.stderr.strip() or "scripts/ensure-postgres.sh printed no URL")
    _SERVER["url"] = url
    return url


def with_search_path(url: str, schema: str) -> str:
    """The URL with every table looked up in (and created in) ``schema``."""
    options = quote(f"-csearch_path={schema}", safe="")
    return f"{url}{'&' if '?' in url else '?'}options={options}"


class Store:
    """One store for one test: ``location`` opens it from anywhere, also from another process."""

    def __init__(self, backend: str, tmp_path: Path) -> None:
        self.backend = backend
        self._schema = None
        if backend == "sqlite":
            self.location = str(tmp_path / "workspace.db")
        else:
            import psycopg

            server = postgres_server_url()
            self._server = server
            self._schema = f"t_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(server, autocommit=True) as db:
                db.execute(f"CREATE SCHEMA {self._schema}")
            self.location = with_search_path(server, self._schema)

    def open(self):
        return open_workspace(self.location)

    def drop(self) -> None:
        if self._schema:
            import psycopg

            with psycopg.connect(self._server, autocommit=True) as db:
                db.execute(f"DROP SCHEMA {self._schema} CASCADE")


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    made = Store(request.param, tmp_path)
    yield made
    made.drop()


@pytest.fixture
def workspace(store):
    with store.open() as ws:
        yield ws


@pytest.fixture
def project(workspace):
    return workspace.create_project(workspace.create_team("Oak ward").id, "Reducing violence")


def sample_items():
    diagram = DriverDiagram(aim="Reduce violence by 30% by March 2027")
    p = diagram.add_primary("Early recognition")
    s = diagram.add_secondary(p.id, "Shared risk picture")
    diagram.add_change_idea("Safety huddle", [s.id])
    ramp = Ramp(change_idea="Safety huddle")
    ramp.add_cycle(scale="one_shift", objective="Try it once", act_decision="adapt", id="r1")
    ramp.add_cycle(scale="one_day", id="r2")
    return [
        Aim(what="physical violence", direction="reduce", baseline=12, how_much=8),
        diagram,
        PDSA(change_idea="Brøset checklist", scale="one_person", start_date="2026-12-01", id="b1"),
        ramp,
        MeasurementPlan(aim="Reduce violence", measures=[Measure(name="Falls per 1,000 OBDs")]),
    ]


KINDS = ["aim", "driver_diagram", "pdsa", "ramp", "measurement_plan"]


def test_the_right_backend_is_open(store, workspace):
    expected = "SQLiteWorkspace" if store.backend == "sqlite" else "PostgresWorkspace"
    assert type(workspace).__name__ == expected
    assert workspace.schema_version == SCHEMA_VERSION


def test_every_kind_round_trips_in_order(workspace, project):
    items = sample_items()
    ids = [workspace.save(project.id, item) for item in items]
    for kind, item_id, item in zip(KINDS, ids, items, strict=True):
        assert workspace.load(kind, item_id) == item
    records = workspace.records(project.id)
    assert [r.kind for r in records] == KINDS
    assert [r.id for r in records] == ids
    assert records[3].name == "Safety huddle"
    assert records[2].name == "Cycle 1: Brøset checklist"


def test_items_of_one_kind_keep_the_order_they_were_first_saved(workspace, project):
    ids = [workspace.save(project.id, Aim(what=f"aim {n}")) for n in range(12)]
    workspace.save(project.id, Aim(what="aim 0 changed"), ids[0])
    records = workspace.records(project.id, "aim")
    assert [r.id for r in records] == ids
    assert records[0].item.what == "aim 0 changed"


def test_save_again_replaces_and_delete_removes(workspace, project):
    aim = Aim(what="restraint")
    item_id = workspace.save(project.id, aim)
    aim.what = "restraint and seclusion"
    assert workspace.save(project.id, aim, item_id) == item_id
    records = workspace.records(project.id, "aim")
    assert len(records) == 1 and records[0].item.what == "restraint and seclusion"
    workspace.delete("aim", item_id)
    assert workspace.records(project.id) == []
    with pytest.raises(DataError, match="no saved aim"):
        workspace.load("aim", item_id)


def test_reopening_keeps_everything(store):
    with store.open() as ws:
        team = ws.create_team("Birch ward")
        project = ws.create_project(team.id, "Falls")
        ids = [ws.save(project.id, item) for item in sample_items()]
    with store.open() as ws:
        assert ws.upgraded == []
        assert [t.name for t in ws.teams()] == ["Birch ward"]
        assert [p.name for p in ws.projects(team.id)] == ["Falls"]
        assert [r.id for r in ws.records(project.id)] == ids
        assert ws.load("ramp", ids[3]) == sample_items()[3]


def test_teams_and_projects_are_listed_by_name(workspace):
    oak = workspace.create_team("Oak")
    ash = workspace.create_team("Ash")
    workspace.create_project(oak.id, "Violence")
    workspace.create_project(oak.id, "Falls")
    workspace.create_project(ash.id, "Restraint")
    assert [t.name for t in workspace.teams()] == ["Ash", "Oak"]
    assert [p.name for p in workspace.projects(oak.id)] == ["Falls", "Violence"]
    assert [p.name for p in workspace.projects()] == ["Falls", "Restraint", "Violence"]


def test_mistakes_are_refused_in_plain_words(workspace, project):
    with pytest.raises(DataError, match="team name' is blank"):
        workspace.create_team("   ")
    with pytest.raises(DataError, match="no team with the id 'nope'"):
        workspace.create_project("nope", "Falls")
    with pytest.raises(DataError, match="no project with the id 'nope'"):
        workspace.save("nope", Aim(what="falls"))
    with pytest.raises(DataError, match="no project with the id 'nope'"):
        workspace.project("nope")
    with pytest.raises(DataError, match="cannot keep a dict"):
        workspace.save(project.id, {"what": "falls"})
    with pytest.raises(DataError, match="kind should be one of"):
        workspace.load("chart", "x")
    # Nothing was written by the refused saves.
    assert workspace.records(project.id) == []


def test_an_interrupted_transaction_writes_nothing(workspace, project):
    item_id = workspace.save(project.id, Aim(what="falls"))
    with pytest.raises(RuntimeError), workspace._transaction() as db:
        workspace._write(db, project.id, Aim(what="half written"), item_id)
        workspace._write(db, project.id, Aim(what="second"), "other")
        raise RuntimeError("the power went")
    assert workspace.load("aim", item_id).what == "falls"
    assert [r.id for r in workspace.records(project.id)] == [item_id]


def test_project_export_moves_between_backends(tmp_path, store, workspace, project):
    ids = [workspace.save(project.id, item) for item in sample_items()]
    exported = workspace.export_project(project.id)
    # Into a fresh SQLite file and back into this backend.
    with SQLiteWorkspace(tmp_path / "other.db") as other:
        copy = other.import_project(exported)
        back = other.export_project(copy.id)
    again = workspace.import_project(back)
    assert again.id != project.id
    assert [r.item for r in workspace.records(again.id)] == sample_items()
    assert len({r.id for r in workspace.records(again.id)} & set(ids)) == 0
    assert [t.name for t in workspace.teams()] == ["Oak ward"]


def test_a_store_from_a_newer_qikit_is_refused(store):
    with store.open() as ws:
        ws.create_team("Oak")
        with ws._transaction() as db:
            db.execute(f"INSERT INTO schema_version VALUES ({SCHEMA_VERSION + 1}, 'later')")
    with pytest.raises(DataError, match="newer qikit"):
        store.open()


def test_the_database_url_setting_picks_the_backend(store, tmp_path, monkeypatch):
    monkeypatch.setenv("QIKIT_WORKSPACE", str(tmp_path / "folder"))
    if store.backend == "sqlite":
        monkeypatch.delenv("QIKIT_DATABASE_URL", raising=False)
        with open_workspace() as ws:
            assert isinstance(ws, SQLiteWorkspace)
            assert ws.path == tmp_path / "folder" / "workspace.db"
        monkeypatch.setenv("QIKIT_DATABASE_URL", "  ")
        with open_workspace() as ws:
            assert isinstance(ws, SQLiteWorkspace)
    else:
        monkeypatch.setenv("QIKIT_DATABASE_URL", store.location)
        with open_workspace() as ws:
            assert type(ws).__name__ == "PostgresWorkspace"
            ws.create_team("Shared by the room")
        with store.open() as ws:
            assert [t.name for t in ws.teams()] == ["Shared by the room"]
        assert not (tmp_path / "folder").exists()


def test_an_unreachable_server_is_explained_without_the_password():
    with pytest.raises(DataError) as caught:
        open_workspace("postgresql://qi:s3cret@127.0.0.1:1/qikit")
    message = str(caught.value)
    assert "not available" in message and "QIKIT_DATABASE_URL" in message
    assert "s3cret" not in message and "qi:***@127.0.0.1:1" in message


def test_other_database_kinds_are_refused():
    with pytest.raises(DataError, match="'mysql://' database are not available"):
        open_workspace("mysql://server/qi")


# ----- several processes at once ------------------------------------------------------------
WRITERS = 4
SAVES_EACH = 25


def _writer(location: str, project_id: str, shared_id: str, writer: int, saves: int) -> None:
    """One delegate's kernel: saves its own aims and keeps overwriting one shared diagram."""
    with open_workspace(location) as ws:
        for n in range(saves):
            ws.save(project_id, Aim(what=f"writer {writer} aim {n}"))
            diagram = DriverDiagram(aim=f"writer {writer} version {n}")
            for k in range(10):
                diagram.add_primary(f"writer {writer} version {n} driver {k}")
            ws.save(project_id, diagram, shared_id)


def _opener(location: str) -> None:
    with open_workspace(location) as ws:
        assert ws.schema_version == SCHEMA_VERSION


def _run_all(target, args_list) -> None:
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=target, args=args) for args in args_list]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=300)
    assert [p.exitcode for p in processes] == [0] * len(processes)


def test_several_processes_open_a_new_store_at_once(store):
    _run_all(_opener, [(store.location,)] * WRITERS)
    with store.open() as ws:
        assert ws.upgraded == [] and ws.schema_version == SCHEMA_VERSION


def test_concurrent_writers_lose_nothing(store):
    with store.open() as ws:
        project = ws.create_project(ws.create_team("Room").id, "Learning session")
        shared_id = ws.save(project.id, DriverDiagram(aim="start"))
    _run_all(
        _writer,
        [(store.location, project.id, shared_id, w, SAVES_EACH) for w in range(WRITERS)],
    )
    with store.open() as ws:
        aims = {r.item.what for r in ws.records(project.id, "aim")}
        assert aims == {f"writer {w} aim {n}" for w in range(WRITERS) for n in range(SAVES_EACH)}
        final = ws.load("driver_diagram", shared_id)
        assert len(ws.records(project.id, "driver_diagram")) == 1
    # The shared diagram is one writer's last version, whole: never a mix of two saves.
    _, writer, _, version = final.aim.split()
    assert version == str(SAVES_EACH - 1)
    assert [p.text for p in final.primary] == [
        f"writer {writer} version {version} driver {k}" for k in range(10)
    ]
