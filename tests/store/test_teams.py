"""Teams kept apart, on SQLite and PostgreSQL: join codes, hub teams, projects shared on
purpose, and join codes given to the teams of a workspace made by the previous release."""

from __future__ import annotations

import re
import shutil

import pytest

from qikit.errors import DataError
from qikit.store import SQLiteWorkspace
from qikit.store.team_rows import ALPHABET, new_code, normal_code
from tests.store.test_measures import RELEASE_FILE


def test_a_new_team_has_a_readable_join_code_of_its_own(workspace):
    teams = [workspace.create_team(f"Ward {n}") for n in range(30)]
    codes = [t.join_code for t in teams]
    assert all(re.fullmatch(f"[{ALPHABET}]{{6}}", c) for c in codes)
    assert len(set(codes)) == len(codes)
    assert not set("0O1IL5S2Z8B") & set("".join(codes))
    assert {t.join_code for t in workspace.teams()} == set(codes)


def test_a_team_is_found_by_its_code_typed_any_way(workspace):
    cedar = workspace.create_team("Cedar ward")
    workspace.create_team("Elm ward")
    code = cedar.join_code
    typed = f" {code[:3].lower()}-{code[3:]} "
    assert workspace.team_by_code(typed) == cedar
    assert workspace.team(cedar.id) == cedar
    assert workspace.team_by_code("") is None
    wrong = next(c for c in (new_code() for _ in range(100)) if c != code)
    assert workspace.team_by_code(wrong) is None or workspace.team_by_code(wrong).name != "Cedar"


def test_two_teams_may_share_a_name_but_never_a_code(workspace):
    one, two = workspace.create_team("Our ward team"), workspace.create_team("Our ward team")
    assert one.id != two.id and one.join_code != two.join_code
    assert workspace.team_by_code(two.join_code) == two


def test_a_hub_team_is_found_by_its_hub_key_only(workspace):
    made = workspace.create_team("alice", hub_key="user:alice")
    workspace.create_team("alice")  # typed by hand: not the hub's team
    assert workspace.team_for_hub("user:alice") == made
    assert workspace.team_for_hub("user:bob") is None
    assert workspace.team_for_hub("") is None


def test_a_project_is_shared_with_the_collaborative_only_on_purpose(workspace):
    team = workspace.create_team("Cedar ward")
    project = workspace.create_project(team.id, "Reducing violence")
    assert project.shared is False and workspace.project(project.id).shared is False
    assert workspace.share_project(project.id).shared is True
    assert [p.shared for p in workspace.projects(team.id)] == [True]
    assert workspace.share_project(project.id, False).shared is False
    with pytest.raises(DataError, match="no project"):
        workspace.share_project("nope")


def test_normal_code():
    assert normal_code(" ab c-d_e.f ") == "ABCDEF"
    assert normal_code(None) == ""


def test_teams_of_the_previous_release_get_join_codes(tmp_path):
    path = tmp_path / "workspace.db"
    shutil.copy(RELEASE_FILE, path)
    with SQLiteWorkspace(path) as ws:
        [team] = ws.teams()
        assert re.fullmatch(f"[{ALPHABET}]{{6}}", team.join_code)
        assert ws.team_by_code(team.join_code) == team
        assert all(p.shared is False for p in ws.projects())
    with SQLiteWorkspace(path) as ws:  # the code stays the same
        assert ws.teams()[0].join_code == team.join_code
