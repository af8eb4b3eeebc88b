"""Which project a planning app opens, and what it says when the workspace cannot be opened."""

from __future__ import annotations

import pytest

from qikit.apps import plan_aim
from qikit.apps.plan_common import ProjectBar, starting_project
from qikit.store import open_workspace


@pytest.fixture
def workspace(tmp_path):
    with open_workspace(tmp_path / "ws") as ws:
        yield ws


@pytest.fixture(autouse=True)
def personal(monkeypatch):
    for name in ("QUERY_STRING", "QIKIT_DATABASE_URL", "QIKIT_SHARED_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)


def test_an_empty_workspace_starts_with_the_default_names(workspace):
    assert starting_project(workspace) is None
    bar = ProjectBar(workspace)
    assert (bar.team.value, bar.project.value) == ("Our ward team", "Our improvement project")


def test_a_personal_workspace_opens_the_project_worked_on_last(workspace):
    team = workspace.create_team("Cedar ward")
    workspace.create_project(team.id, "Older project")
    newer = workspace.create_project(team.id, "Reducing violence")
    bar = ProjectBar(workspace)
    assert (bar.team.value, bar.project.value) == ("Cedar ward", "Reducing violence")
    assert bar.project_id == newer.id


def test_the_page_address_names_the_project(workspace, monkeypatch):
    team = workspace.create_team("Cedar ward")
    wanted = workspace.create_project(team.id, "Reducing violence")
    workspace.create_project(team.id, "Newer project")
    monkeypatch.setenv("QUERY_STRING", f"project={wanted.id}")
    assert ProjectBar(workspace).project_id == wanted.id
    assert f"?project={wanted.id}" in ProjectBar(workspace).link("13_our_data.ipynb", "Next")


def test_a_shared_workspace_never_opens_another_teams_project(workspace, monkeypatch):
    team = workspace.create_team("Cedar ward")
    workspace.create_project(team.id, "Reducing violence")
    monkeypatch.setenv("QIKIT_SHARED_WORKSPACE", "1")
    assert starting_project(workspace) is None
    assert ProjectBar(workspace).project.value == "Our improvement project"


def test_a_workspace_that_cannot_be_opened_is_said_in_the_app(tmp_path, monkeypatch):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("QIKIT_WORKSPACE", str(blocker / "workspace"))
    app = plan_aim.app()
    note = app.bar.workspace_problem.value
    assert "Your work is not being kept" in note and 'role="alert"' in note
    assert "Not a directory" in note
    # the app still works, on a workspace that lasts as long as the page
    assert app.bar.project_id


def test_names_refused_under_their_box(workspace):
    from tests.apps.field_notes import assert_note_under

    bar = ProjectBar(workspace)
    bar.project.value = "Falls for 943 476 5919"
    assert bar.project.value == "Falls for ••• ••• ••••"
    assert_note_under(bar, bar.project, "'Project'", "NHS number")
    bar.project.value = ""
    bar.open_button.click()
    assert_note_under(bar, bar.project, "'Project' is empty")
    assert bar.errors.value == ""
    bar.project.value = "Falls"
    bar.open_button.click()
    assert bar.form.note(bar.project).value == ""
    assert sorted(p.name for p in workspace.projects()) == ["Falls", "Our improvement project"]
