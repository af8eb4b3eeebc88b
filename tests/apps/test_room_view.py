"""The facilitator's room view: the code first, a card per team, filters, one team's thread read
only, and cards redrawn when (and only when) their team saves."""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as widgets
import pytest

from qikit.apps import room_view
from qikit.apps.common import ChartView
from qikit.apps.room_view import OWN_TEAM_ONLY, WRONG_CODE, RoomApp, ThreadView, Ticker
from qikit.improve import DriverDiagram
from qikit.improve.observations import Observation
from qikit.store import open_workspace
from tests.room.teams import TODAY, add_team, cycle, weeks

CODE = "FACIL7"


@pytest.fixture
def shared(monkeypatch):
    for name in ("QUERY_STRING", "QIKIT_DATABASE_URL", "JUPYTERHUB_USER", "QIKIT_FACILITATORS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QIKIT_SHARED_WORKSPACE", "1")
    monkeypatch.setenv("QIKIT_FACILITATOR_CODE", CODE)


@pytest.fixture
def workspace(tmp_path):
    with open_workspace(tmp_path / "room.db") as ws:
        yield ws


@pytest.fixture
def three(workspace):
    """Three teams in two trusts and two work streams."""
    cedar = add_team(
        workspace,
        "Cedar Ward",
        trust="North Trust",
        work_stream="violence_aggression",
        aim="Halve violent incidents on Cedar Ward by June 2026",
        cycles=[cycle(1, "Safety huddle", "one_shift", dt.date(2026, 3, 2))],
    )
    elm = add_team(workspace, "Elm Ward", trust="North Trust", work_stream="falls", count=6)
    oak = add_team(workspace, "Oak Ward", trust="South Trust", work_stream="falls", count=6)
    return cedar, elm, oak


def room(workspace, code=CODE) -> RoomApp:
    return RoomApp(workspace, code=code, every=None, today=TODAY)


def texts(app: RoomApp) -> str:
    return " ".join(view.top.value + view.bottom.value for view in app.grid.children)


def every_widget(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from every_widget(child)


def test_the_facilitator_sees_every_team(shared, workspace, three):
    app = room(workspace)
    assert app.allowed and app.gate.layout.display == "none"
    assert [v.card.team for v in app.grid.children] == ["Cedar Ward", "Elm Ward", "Oak Ward"]
    assert "3 teams" in app.count.value and "Updated " in app.updated.value
    cedar = app.grid.children[0]
    assert "Halve violent incidents" in cedar.top.value
    assert "North Trust \u00b7 Violence and aggression" in cedar.top.value
    assert "Cycle 1, Safety huddle: one shift" in cedar.bottom.value
    assert "Special cause improvement" in cedar.measures.children[0].children[0].value
    assert sum(isinstance(w, ChartView) for w in every_widget(cedar)) == 3
    assert "_" not in texts(app).replace("qikit-", "").replace("class=", "")  # no code words


def test_the_facilitator_code_typed_into_the_page(shared, workspace, three):
    app = room(workspace, code="")
    assert not app.allowed and app.grid.children == ()
    app.code_box.value = CODE.lower()
    app.code_button.click()
    assert app.allowed and len(app.grid.children) == 3
    assert app.code_box.value == ""


def test_a_teams_code_shows_its_own_card_only_and_a_wrong_code_is_refused(shared, workspace, three):
    team = three[0][0]
    app = room(workspace, code="")
    app.code_box.value = "QQQQQQ"
    app.code_button.click()
    assert "not the facilitator" in app.gate_note.value and not app.allowed
    assert WRONG_CODE.split(":")[0] in app.gate_note.value
    app.code_box.value = ""
    app.code_button.click()
    assert "Type the facilitator's code" in html.unescape(app.errors.value)
    app.code_box.value = team.join_code
    app.code_button.click()
    assert app.allowed and [v.card.team for v in app.grid.children] == ["Cedar Ward"]
    assert "Your team" in app.heading.value and app.filters.layout.display == "none"
    assert OWN_TEAM_ONLY.split(":")[0] in app.own_note.value
    assert "Elm Ward" not in texts(app) and "Oak Ward" not in texts(app)
    assert "Your aim does not say who it is for" in html.unescape(texts(app))  # its prompts
    opened_with_team_code = room(workspace, code=team.join_code)
    assert [v.card.team for v in opened_with_team_code.grid.children] == ["Cedar Ward"]
    # Another team's save does not reach this team's page.
    assert opened_with_team_code.refresh() == []


def test_a_personal_workspace_shows_every_team_without_a_code(monkeypatch, workspace, three):
    monkeypatch.delenv("QIKIT_SHARED_WORKSPACE", raising=False)
    monkeypatch.delenv("QIKIT_DATABASE_URL", raising=False)
    app = room(workspace, code="")
    assert app.allowed and len(app.grid.children) == 3


def test_a_team_saves_and_refresh_redraws_that_card_only(shared, workspace, three):
    (cedar, _, family), (elm, _, _), _ = three
    app = room(workspace)
    views = {v.card.team_id: v for v in app.grid.children}
    charts_before = [w for w in every_widget(views[cedar.id]) if isinstance(w, ChartView)]
    assert app.refresh() == []  # nothing saved: nothing drawn
    assert {v.draws for v in views.values()} == {1}
    workspace.save_observations(family[0].id, [Observation(weeks(31)[-1], 3)])
    assert app.refresh() == [cedar.id]
    assert views[cedar.id].draws == 2
    assert [v.draws for k, v in views.items() if k != cedar.id] == [1, 1]
    assert views[cedar.id].card.measures[0].weeks == 31
    charts_after = [w for w in every_widget(views[cedar.id]) if isinstance(w, ChartView)]
    assert charts_after == charts_before  # redrawn in place
    assert app.refresh() == []
    workspace.set_team_details(elm.id, trust="West Trust", work_stream="falls")
    assert app.refresh() == [elm.id]
    assert "West Trust" in app.trust.options


def test_a_new_team_appears_on_the_next_refresh(shared, workspace, three):
    app = room(workspace)
    birch = workspace.create_team("Birch Ward")
    assert app.refresh() == [birch.id]
    assert "Birch Ward" in [v.card.team for v in app.grid.children]
    assert "4 teams" in app.count.value
    [view] = [v for v in app.grid.children if v.card.team == "Birch Ward"]
    assert "No aim yet" in view.top.value and view.open_button.disabled


def test_filters_by_trust_and_work_stream(shared, workspace, three):
    app = room(workspace)
    assert list(app.trust.options) == ["All", "North Trust", "South Trust"]
    assert [label for label, _ in app.work_stream.options] == [
        "All",
        "Falls (older adult mental health)",
        "Violence and aggression",
    ]
    app.trust.value = "North Trust"
    assert [v.card.team for v in app.grid.children] == ["Cedar Ward", "Elm Ward"]
    assert "2 teams (of 3)" in app.count.value
    app.work_stream.value = "falls"
    assert [v.card.team for v in app.grid.children] == ["Elm Ward"]
    assert "1 team (of 3)" in app.count.value
    app.trust.value = "All"
    assert [v.card.team for v in app.grid.children] == ["Elm Ward", "Oak Ward"]


def records_of(workspace):
    """Everything the workspace holds, to compare before and after."""
    projects = workspace.projects()
    return (
        workspace.teams(),
        projects,
        [workspace.export_project(p.id) | {"exported_at": ""} for p in projects],
    )


def test_open_a_team_read_only(shared, workspace, three):
    (cedar, project, family), _, _ = three
    workspace.save(
        project.id,
        DriverDiagram.from_dict(
            {
                "aim": "Halve violent incidents",
                "primary": [
                    {
                        "id": "p1",
                        "text": "Staff notice early signs",
                        "secondary": [{"id": "s1", "text": "Safety huddle each shift"}],
                    }
                ],
                "change_ideas": [{"id": "c1", "text": "Safety huddle", "drivers": ["s1"]}],
            }
        ),
    )
    app = room(workspace)
    app.refresh()
    before = records_of(workspace)
    [view] = [v for v in app.grid.children if v.card.team_id == cedar.id]
    view.open_button.click()
    assert app.errors.value == ""
    opened = app.opened
    assert isinstance(opened, ThreadView) and app.thread_box.children == (opened,)
    assert app.grid.layout.display == "none"
    words = " ".join(w.value for w in every_widget(opened) if isinstance(w, widgets.HTML))
    for said in (
        "Halve violent incidents on Cedar Ward",
        "Staff notice early signs",
        "Safety huddle each shift",
        "What a coach would ask this team",
        "One shift",
    ):
        assert said.lower() in words.lower(), said
    assert sum(isinstance(w, ChartView) for w in every_widget(opened)) == 3
    boxes = [
        w
        for w in every_widget(opened)
        if isinstance(w, widgets.ValueWidget) and not isinstance(w, widgets.HTML)
    ]
    assert boxes == []  # nothing to type into
    buttons = [w for w in every_widget(opened) if isinstance(w, widgets.Button)]
    assert buttons == [opened.back]
    opened.back.click()
    assert app.opened is None and app.grid.layout.display == "flex"
    assert records_of(workspace) == before
    assert app.refresh() == []


def test_the_open_thread_is_redrawn_when_its_team_saves(shared, workspace, three):
    (cedar, _, family), _, _ = three
    app = room(workspace)
    first = app.open_team(cedar.id)
    workspace.save_observations(family[1].id, [Observation(weeks(31)[-1], 30, 42)])
    assert app.refresh() == [cedar.id]
    assert app.opened is not first and app.opened.team_id == cedar.id


def test_a_failed_read_is_said_in_words_and_tried_again(shared, workspace, three, monkeypatch):
    (cedar, _, family), _, _ = three
    app = room(workspace)
    workspace.save_observations(family[0].id, [Observation(weeks(31)[-1], 3)])
    real = room_view.room.team_card

    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(room_view.room, "team_card", broken)
    app._tick()
    assert "could not be read just now" in app.errors.value
    assert "RuntimeError" not in app.errors.value and "database gone" not in app.errors.value
    monkeypatch.setattr(room_view.room, "team_card", real)
    assert app.refresh() == [cedar.id]


def test_the_timer_is_a_daemon_and_stops_when_the_page_closes(shared, workspace):
    calls = []
    ticker = Ticker(lambda: calls.append(1), every=3600)
    ticker.start()
    assert ticker.running and ticker._timer.daemon
    ticker._run()  # what the timer does when it fires
    assert calls == [1] and ticker._timer.daemon and ticker._timer.is_alive()
    ticker.stop()
    assert not ticker.running and ticker._timer is None
    app = RoomApp(workspace, code=CODE, every=3600, today=TODAY)
    assert app.ticker.running and app.ticker._timer.daemon
    app.close()
    assert not app.ticker.running and app.ticker._timer is None
