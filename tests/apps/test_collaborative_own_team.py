"""The collaborative dashboard with our team's measures switched on, driven headless."""

from __future__ import annotations

import pytest

from qikit import worked_team
from qikit.apps import collaborative_dashboard
from qikit.store import open_workspace
from qikit.thread import OWN_DATA


def spec_of(app) -> dict:
    return app.small.jupyter_chart.chart.to_dict()


def panels(app) -> list[str]:
    rows = [r for t in spec_of(app)["datasets"].values() if isinstance(t, list) for r in t]
    return list(dict.fromkeys(r["panel"] for r in rows if "panel" in r))


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("QUERY_STRING", raising=False)
    ws = open_workspace(tmp_path)
    yield ws
    ws.close()


def test_switch_adds_our_measures_labelled_as_our_own(workspace):
    project = worked_team.load_worked_team(workspace)
    app = collaborative_dashboard.DashboardApp(workspace=workspace)
    assert not any(p.startswith(OWN_DATA) for p in panels(app))
    assert app.own_team.layout.display == "none"
    app.include_own.value = True
    assert app.own_team.value == project.id and app.own_team.layout.display != "none"
    shown = panels(app)
    assert len(shown) == 32 + 3
    assert spec_of(app)["facet"]["sort"][:3] == [p for p in shown if p.startswith(OWN_DATA)]
    assert OWN_DATA in spec_of(app)["title"]["subtitle"]
    assert app.table.value.count("<img") == 32 + 3
    first_row = app.table.value.split("<tbody>")[1].split("</tr>")[0]
    assert f"{OWN_DATA}: {worked_team.TEAM}" in first_row
    assert "the same measure" in app.own_note.value
    assert app.errors.value == "" and app.own_errors.value == ""


def test_one_measure_keeps_ours_only_when_comparable(workspace):
    worked_team.load_worked_team(workspace)
    app = collaborative_dashboard.DashboardApp(workspace=workspace)
    app.include_own.value = True
    app.measure.value = "violence_incidents"
    ours = [p for p in panels(app) if p.startswith(OWN_DATA)]
    assert ours == [f"{OWN_DATA}: Violent incidents per 1,000 occupied bed days"]
    assert "Shifts with a safety huddle (%): not a rate" in app.own_note.value
    app.measure.value = "news2_complete"
    assert not any(p.startswith(OWN_DATA) for p in panels(app))
    assert "Not drawn here" in app.own_note.value
    app.include_own.value = False
    assert app.own_note.value == "" and app.own_team.layout.display == "none"


def test_no_team_with_data_says_what_to_do(workspace):
    app = collaborative_dashboard.DashboardApp(workspace=workspace)
    app.include_own.value = True
    assert "No team in this workspace" in app.own_note.value
    assert "worked example team" in app.own_note.value
    assert len(panels(app)) == 32 and app.own_errors.value == ""
