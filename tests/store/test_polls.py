"""Schema step 6 on SQLite and PostgreSQL: the live poll's questions and answers, a team's trust
and work stream, and the upgrade of a version-5 workspace."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from qikit.errors import DataError
from qikit.room.poll import from_trainer
from qikit.store import SCHEMA_VERSION, SQLiteWorkspace, open_workspace, schema
from qikit.store.postgres import ITEM_COLUMNS
from qikit.store.workspace import Team
from tests.store.test_backends import Store, _run_all
from tests.store.test_measures import RELEASE_FILE


def test_the_schema_is_at_version_6(workspace):
    assert workspace.schema_version == SCHEMA_VERSION == 6


# ----- a team's trust and work stream ------------------------------------------------------------
def test_a_team_keeps_its_trust_and_work_stream(workspace):
    plain = workspace.create_team("Cedar ward")
    assert (plain.trust, plain.work_stream) == ("", "")
    made = workspace.create_team(
        "Oak ward", trust="Northshire NHS Foundation Trust", work_stream="violence_aggression"
    )
    assert workspace.team(made.id) == made
    assert (made.trust, made.work_stream) == (
        "Northshire NHS Foundation Trust",
        "violence_aggression",
    )
    changed = workspace.set_team_details(plain.id, trust="Westshire", work_stream="falls")
    assert isinstance(changed, Team)
    assert (changed.trust, changed.work_stream, changed.join_code) == (
        "Westshire",
        "falls",
        plain.join_code,
    )
    assert workspace.team_by_code(plain.join_code) == changed
    assert {t.name: t.work_stream for t in workspace.teams()} == {
        "Cedar ward": "falls",
        "Oak ward": "violence_aggression",
    }
    cleared = workspace.set_team_details(plain.id, trust="", work_stream="")
    assert (cleared.trust, cleared.work_stream) == ("", "")


def test_a_work_stream_is_kept_by_its_key_and_an_unknown_one_is_refused(workspace):
    team = workspace.create_team("Elm ward")
    by_name = workspace.set_team_details(team.id, trust="", work_stream="Self-harm")
    assert by_name.work_stream == "self_harm"
    with pytest.raises(DataError, match="work stream should be one of"):
        workspace.set_team_details(team.id, trust="", work_stream="Knitting")
    with pytest.raises(DataError, match="no team"):
        workspace.set_team_details("nope", trust="", work_stream="")
    with pytest.raises(DataError, match="NHS number"):
        workspace.create_team("Ash ward", trust="943 476 5919")


# ----- the live poll ----------------------------------------------------------------------------
def test_a_poll_is_sent_answered_counted_and_revealed(workspace):
    assert workspace.current_poll() is None
    poll = from_trainer(1, 3)  # a stable run chart: no signal
    poll_id = workspace.send_poll(poll)
    found_id, found, state = workspace.current_poll()
    assert (found_id, found, state) == (poll_id, poll, "open")
    workspace.answer_poll(poll_id, "delegate-a", "yes")
    workspace.answer_poll(poll_id, "delegate-b", "no")
    workspace.answer_poll(poll_id, "delegate-c", "no")
    assert workspace.poll_answers(poll_id) == {"yes": 1, "no": 2}
    workspace.answer_poll(poll_id, "delegate-a", "no")  # changed their mind: still one answer
    assert workspace.poll_answers(poll_id) == {"no": 3}
    assert workspace.poll_answer(poll_id, "delegate-a") == "no"
    assert workspace.poll_answer(poll_id, "delegate-z") is None
    workspace.reveal_poll(poll_id)
    assert workspace.current_poll()[2] == "revealed"
    with pytest.raises(DataError, match="answer has been shown"):
        workspace.answer_poll(poll_id, "delegate-d", "yes")
    assert workspace.poll_answers(poll_id) == {"no": 3}
    workspace.close_poll(poll_id)
    assert workspace.current_poll() is None
    assert workspace.poll(poll_id) == (poll, "closed")


def test_sending_a_new_poll_closes_the_one_before(workspace):
    first = workspace.send_poll(from_trainer(1, 1))
    workspace.answer_poll(first, "delegate-a", "yes")
    second = workspace.send_poll(from_trainer(2, 3, "rule"))
    current_id, current, state = workspace.current_poll()
    assert (current_id, current.kind, state) == (second, "rule", "open")
    assert workspace.poll(first)[1] == "closed"
    assert workspace.poll_answers(second) == {}
    with pytest.raises(DataError, match="This question has ended"):
        workspace.answer_poll(first, "delegate-b", "no")


def test_an_answer_that_is_not_a_choice_is_refused(workspace):
    poll_id = workspace.send_poll(from_trainer(1, 1))
    with pytest.raises(DataError, match="not one of this question's answers"):
        workspace.answer_poll(poll_id, "delegate-a", "maybe")
    with pytest.raises(DataError, match="delegate key"):
        workspace.answer_poll(poll_id, "", "yes")
    with pytest.raises(DataError, match="no longer in this workspace"):
        workspace.answer_poll("nope", "delegate-a", "yes")
    assert workspace.poll_answers(poll_id) == {}


DELEGATES_EACH = 25
ANSWERERS = 4


def _delegates(location: str, poll_id: str, process: int) -> None:
    """One process standing for 25 delegates' kernels, each answering, some twice."""
    with open_workspace(location) as ws:
        for n in range(DELEGATES_EACH):
            ws.answer_poll(poll_id, f"p{process}-d{n}", "yes")
            if n % 5 == 0:
                ws.answer_poll(poll_id, f"p{process}-d{n}", "no")


def test_a_hundred_delegates_answering_at_once_are_each_counted_once(store):
    with store.open() as ws:
        poll_id = ws.send_poll(from_trainer(1, 1))
    _run_all(_delegates, [(store.location, poll_id, p) for p in range(ANSWERERS)])
    with store.open() as ws:
        counts = ws.poll_answers(poll_id)
    assert sum(counts.values()) == ANSWERERS * DELEGATES_EACH == 100
    assert counts == {"yes": 80, "no": 20}


# ----- the upgrade of a version-5 workspace ------------------------------------------------------
def check_upgraded(ws) -> None:
    [team] = ws.teams()
    assert (team.trust, team.work_stream) == ("", "")
    assert len(team.join_code) == 6
    assert ws.current_poll() is None
    poll_id = ws.send_poll(from_trainer(1, 1))
    ws.answer_poll(poll_id, "delegate-a", "yes")
    assert ws.poll_answers(poll_id) == {"yes": 1}
    assert ws.set_team_details(team.id, trust="Northshire", work_stream="falls").trust == (
        "Northshire"
    )


def test_a_version_5_workspace_upgrades(tmp_path, monkeypatch):
    path = tmp_path / "workspace.db"
    shutil.copy(RELEASE_FILE, path)
    with monkeypatch.context() as patch:
        patch.setattr(schema, "SCHEMA_VERSION", 5)
        with SQLiteWorkspace(path) as ws:
            assert ws.upgraded == [4, 5]
    with sqlite3.connect(path) as old:
        assert old.execute("SELECT MAX(version) FROM schema_version").fetchone() == (5,)
        columns = [row[1] for row in old.execute("PRAGMA table_info(teams)")]
        assert "trust" not in columns
    with SQLiteWorkspace(path) as ws:
        assert ws.upgraded == [6] and ws.schema_version == 6
        check_upgraded(ws)
    with SQLiteWorkspace(path) as ws:
        assert ws.upgraded == []
        assert ws.teams()[0].work_stream == "falls"


def test_a_shared_version_5_database_upgrades(tmp_path):
    """A PostgreSQL workspace laid out as qikit laid out version 5."""
    import psycopg

    from qikit.store import measure_rows, team_rows

    made = Store("postgresql", tmp_path)
    try:
        with psycopg.connect(made.location, autocommit=True) as db:
            db.execute(
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                "applied_at TEXT NOT NULL)"
            )
            db.execute("INSERT INTO schema_version VALUES (5, '2027-01-04T00:00:00Z')")
            db.execute(
                "CREATE TABLE teams (id TEXT PRIMARY KEY, name TEXT NOT NULL, "
                "updated_at TEXT NOT NULL)"
            )
            db.execute(
                "CREATE TABLE projects (id TEXT PRIMARY KEY, team_id TEXT NOT NULL REFERENCES "
                "teams(id) ON DELETE CASCADE, name TEXT NOT NULL, updated_at TEXT NOT NULL)"
            )
            for table in ("aims", "driver_diagrams", "pdsas", "ramps", "measurement_plans"):
                db.execute(f"CREATE TABLE {table} ({ITEM_COLUMNS})")
            measure_rows.create(db)
            db.execute("INSERT INTO teams VALUES ('t1', 'Oak ward', '2027-01-04T00:00:00Z')")
            team_rows.migrate(db, "%s")
        with open_workspace(made.location) as ws:
            assert ws.upgraded == [6] and ws.schema_version == 6
            check_upgraded(ws)
        with open_workspace(made.location) as ws:
            assert ws.upgraded == []
    finally:
        made.drop()
