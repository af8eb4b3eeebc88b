"""Teams kept apart on a shared workspace (SQLite and PostgreSQL): no default project shared by
two browsers, a team opened by its join code and never by its name, lists showing only the
page's own team and what other teams shared on purpose, and a facilitator who sees every team."""

# ruff: noqa: F811 - the store fixtures run each test on SQLite and PostgreSQL
from __future__ import annotations

import json

import pytest

from qikit.apps import plan_aim
from qikit.apps.plan_common import ProjectBar, starting_project
from qikit.apps.team_access import viewer
from qikit.collaborative.own_team import teams_with_charts
from qikit.errors import DataError
from qikit.improve import Aim
from qikit.teaching.explorer_data import team_projects
from tests.apps.test_culture_apps import upload
from tests.store.test_backends import store, workspace  # noqa: F401 - both backends
from tests.store.test_measures import huddles, weeks


@pytest.fixture(autouse=True)
def shared(monkeypatch):
    for name in ("QUERY_STRING", "QIKIT_DATABASE_URL", "JUPYTERHUB_USER", "QIKIT_TEAM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QIKIT_SHARED_WORKSPACE", "1")
    monkeypatch.setenv("QIKIT_FACILITATOR_CODE", "FACIL7")


def test_two_browsers_never_open_a_default_project(workspace):
    one, two = ProjectBar(workspace), ProjectBar(workspace)
    assert one.project_id == two.project_id == ""  # nothing opened until a team is chosen
    assert one.chooser.ask.layout.display != "none"
    assert one.project.layout.display == "none"
    cedar = one.chooser.start_team("Cedar ward")
    elm = two.chooser.start_team("Elm ward")
    assert one.project_id and two.project_id and one.project_id != two.project_id
    assert one.project.value == two.project.value == "Our improvement project"
    assert cedar.join_code in one.chooser.note.value
    assert one.chooser.address.query == {"team": cedar.join_code, "project": one.project_id}
    assert f"team={elm.join_code}" in two.link("13_our_data.ipynb", "Next")


def test_typing_before_a_team_is_chosen_is_refused_in_words(workspace):
    app = plan_aim.app(workspace)
    assert app.bar.project_id == ""
    with pytest.raises(DataError, match="join your team"):
        workspace.save(app.bar.project_id, Aim(what="falls"))
    app.bar.open_button.click()
    assert "join your team with its join code first" in app.bar.errors.value


def test_another_teams_name_gets_a_plain_refusal_not_its_work(workspace):
    one = ProjectBar(workspace)
    one.chooser.start_team("Cedar ward")
    workspace.save(one.project_id, Aim(what="violence", statement="Cedar's own aim"))
    two = ProjectBar(workspace)
    two.chooser.name.value = "cedar WARD"
    two.chooser.new_button.click()
    assert "already on this server" in two.errors.value
    assert "join code" in two.errors.value
    assert two.project_id == "" and two.latest("aim") == (None, None)
    two.chooser.join_code.value = "QQQQQQ"
    two.chooser.join_button.click()
    assert "No team on this server has the join code" in two.errors.value
    assert two.project_id == ""


def test_a_team_member_joins_with_the_code_and_a_reload_keeps_the_team(workspace, monkeypatch):
    one = ProjectBar(workspace)
    team = one.chooser.start_team("Cedar ward")
    aim_id = workspace.save(one.project_id, Aim(what="violence", statement="Cedar's aim"))
    mate = ProjectBar(workspace)
    mate.chooser.join(team.join_code.lower())
    assert mate.project_id == one.project_id and mate.latest("aim")[0] == aim_id
    monkeypatch.setenv("QUERY_STRING", f"team={team.join_code}&project={one.project_id}")
    again = ProjectBar(workspace)
    assert again.project_id == one.project_id
    assert again.chooser.ask.layout.display == "none"
    # the browser's memory (localStorage) opens the team on a page without an address
    monkeypatch.delenv("QUERY_STRING")
    fresh = ProjectBar(workspace)
    fresh.chooser.address.remembered = team.join_code
    assert fresh.project_id == one.project_id


def test_a_project_address_of_another_team_is_not_opened(workspace, monkeypatch):
    cedar = workspace.create_team("Cedar ward")
    theirs = workspace.create_project(cedar.id, "Reducing violence")
    elm = workspace.create_team("Elm ward")
    monkeypatch.setenv("QUERY_STRING", f"team={elm.join_code}&project={theirs.id}")
    bar = ProjectBar(workspace)
    assert bar.project_id != theirs.id
    assert workspace.project(bar.project_id).team_id == elm.id
    monkeypatch.setenv("QUERY_STRING", f"project={theirs.id}")
    assert starting_project(workspace) is None
    assert ProjectBar(workspace).project_id == ""


def charted(ws, team_name: str, shared: bool = False) -> str:
    from qikit.improve import MeasurementPlan
    from qikit.improve.observations import Observation

    team = ws.create_team(team_name)
    project = ws.create_project(team.id, f"{team_name} project")
    measure = huddles()
    ws.save(project.id, MeasurementPlan(aim="More huddles", measures=[measure]))
    rows = [Observation(day, 5 + k % 3, 10) for k, day in enumerate(weeks(4))]
    ws.save_observations(measure.id, rows)
    if shared:
        ws.share_project(project.id)
    return team.join_code


def test_lists_show_the_own_team_and_what_others_shared(workspace):
    cedar = charted(workspace, "Cedar")
    charted(workspace, "Elm")
    charted(workspace, "Oak", shared=True)
    seen = viewer(workspace, cedar)
    assert [label for label, _ in team_projects(workspace, seen)] == ["Cedar: Cedar project"]
    assert sorted(label for label, _ in teams_with_charts(workspace, seen)) == [
        "Cedar: Cedar project",
        "Oak: Oak project",
    ]
    nobody = viewer(workspace, "")
    assert [label for label, _ in teams_with_charts(workspace, nobody)] == ["Oak: Oak project"]
    assert team_projects(workspace, nobody) == []
    facilitator = viewer(workspace, "facil-7")
    assert facilitator.facilitator and len(team_projects(workspace, facilitator)) == 3


def test_the_storyboard_lists_only_the_team_and_shared_projects(workspace, monkeypatch):
    from qikit.apps.storyboard_app import OWN, StoryboardApp

    cedar = charted(workspace, "Cedar")
    charted(workspace, "Elm")
    monkeypatch.setenv("QUERY_STRING", f"team={cedar}")
    app = StoryboardApp(workspace)
    own = [label for label, (kind, _) in app.team.options if kind == OWN]
    assert own == ["Cedar: Cedar project"]
    assert app.share.layout.display != "none" and app.share.value is False
    app.share.value = True  # shared with the collaborative on purpose
    [project] = [p for p in workspace.projects() if p.name == "Cedar project"]
    assert workspace.project(project.id).shared
    monkeypatch.setenv("QUERY_STRING", "")
    others = StoryboardApp(workspace)
    assert [label for label, (kind, _) in others.team.options if kind == OWN] == own
    assert others.share.layout.display == "none"  # seen, not theirs to unshare


def test_the_facilitator_sees_and_opens_every_team(workspace):
    cedar = workspace.create_team("Cedar ward")
    elm = workspace.create_team("Elm ward")
    bar = ProjectBar(workspace)
    bar.chooser.join("facil 7")
    assert bar.chooser.viewer.facilitator
    labels = [label for label, _ in bar.chooser.every_team.options]
    assert labels == [
        f"Cedar ward (join code {cedar.join_code})",
        f"Elm ward (join code {elm.join_code})",
    ]
    bar.chooser.every_team.value = elm.id
    assert workspace.project(bar.project_id).team_id == elm.id


def test_under_jupyterhub_the_hub_user_is_the_team(workspace, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    bar = ProjectBar(workspace)
    team = workspace.team(workspace.project(bar.project_id).team_id)
    assert (team.name, team.hub_key) == ("alice", "user:alice")
    assert bar.chooser.ask.layout.display == "none"
    assert ProjectBar(workspace).project_id == bar.project_id
    monkeypatch.setenv("JUPYTERHUB_USER", "bob")
    assert ProjectBar(workspace).project_id != bar.project_id
    monkeypatch.setenv("QIKIT_TEAM", "Cedar ward")  # the hub's group for bob and carol
    bob = ProjectBar(workspace)
    monkeypatch.setenv("JUPYTERHUB_USER", "carol")
    assert ProjectBar(workspace).project_id == bob.project_id
    monkeypatch.setenv("QIKIT_FACILITATORS", "dora")
    monkeypatch.setenv("JUPYTERHUB_USER", "dora")
    assert viewer(workspace).facilitator


def test_a_personal_workspace_asks_for_no_code(workspace, monkeypatch):
    monkeypatch.delenv("QIKIT_SHARED_WORKSPACE")
    bar = ProjectBar(workspace)
    assert bar.chooser is None and bar.project_id
    assert (bar.team.value, bar.project.value) == ("Our ward team", "Our improvement project")


def test_an_imported_change_package_is_in_every_teams_library(workspace, monkeypatch):
    from qikit import sharing
    from qikit.apps.storyboard_app import StoryboardApp
    from qikit.improve import DriverDiagram

    cedar = workspace.create_team("Cedar ward")
    project = workspace.create_project(cedar.id, "Huddles")
    diagram = DriverDiagram(aim="Fewer incidents")
    diagram.add_change_idea("Safety huddle", [diagram.add_primary("Teamwork").id])
    workspace.save(project.id, diagram)
    package = sharing.export_change_package(workspace, project.id)
    elm = workspace.create_team("Elm ward")
    monkeypatch.setenv("QUERY_STRING", f"team={elm.join_code}")
    app = StoryboardApp(workspace)
    assert "Safety huddle" not in set(app.library_table()["idea"])  # Cedar's, not shared
    content = json.dumps(package).encode()
    app.upload.value = (upload("cedar.json", content),)
    assert "Safety huddle" in set(app.library_table()["idea"])


def test_a_remembered_team_opens_without_a_save_to_no_project(workspace, monkeypatch):
    first = plan_aim.app(workspace)
    team = first.bar.chooser.start_team("Cedar ward")
    first.aim.statement.value = "Reduce restraint on Cedar ward from 12 to 6 by March 2027"
    first.flush()
    fresh = plan_aim.app(workspace)
    tried = []
    real_save = workspace.save
    monkeypatch.setattr(
        workspace,
        "save",
        lambda project_id, *a, **k: tried.append(project_id) or real_save(project_id, *a, **k),
    )
    # The page drew without an address; the browser then sends the team it remembers. The aim
    # builder loads first and the diagram follows it before its own load: no save is tried
    # for "no project" (the timer of such a save put "Not saved" on the page).
    fresh.bar.chooser.address.remembered = team.join_code
    assert fresh.diagram.keeper.saver.pending is False
    fresh.flush()
    assert "" not in tried
    assert fresh.errors.value == ""
    assert fresh.diagram.aim.value == first.diagram.aim.value != ""
