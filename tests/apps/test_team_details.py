"""A new team's trust and work stream, typed beside its name when it is started."""

from __future__ import annotations

import pytest

from qikit.apps.common import ErrorPanel
from qikit.apps.team_chooser import TeamChooser
from qikit.improve.library import work_streams
from qikit.store import SQLiteWorkspace


@pytest.fixture(autouse=True)
def shared(monkeypatch):
    for name in ("QUERY_STRING", "QIKIT_DATABASE_URL", "JUPYTERHUB_USER", "QIKIT_TEAM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QIKIT_SHARED_WORKSPACE", "1")


@pytest.fixture
def workspace(tmp_path):
    with SQLiteWorkspace(tmp_path / "workspace.db") as ws:
        yield ws


def test_a_new_team_is_saved_with_its_trust_and_work_stream(workspace):
    chooser = TeamChooser(workspace, ErrorPanel())
    assert chooser.work_stream.value == ""
    assert [label for label, _ in chooser.work_stream.options][1:] == list(work_streams().values())
    chooser.name.value = "Cedar ward"
    chooser.trust.value = " Northshire NHS Foundation Trust "
    chooser.work_stream.value = "safety_huddles"
    chooser.new_button.click()
    [team] = workspace.teams()
    assert (team.name, team.trust, team.work_stream) == (
        "Cedar ward",
        "Northshire NHS Foundation Trust",
        "safety_huddles",
    )
    assert chooser.team_id == team.id
    assert chooser.trust.value == "" and chooser.work_stream.value == ""


def test_trust_and_work_stream_may_be_left_blank(workspace):
    chooser = TeamChooser(workspace, ErrorPanel())
    team = chooser.start_team("Elm ward")
    assert (team.trust, team.work_stream) == ("", "")


def test_a_trust_holding_a_patients_detail_is_refused_in_words(workspace):
    errors = ErrorPanel()
    chooser = TeamChooser(workspace, errors)
    chooser.name.value = "Ash ward"
    chooser.trust.value = "943 476 5919"
    chooser.new_button.click()
    assert workspace.teams() == []
    assert "NHS number" in errors.value
