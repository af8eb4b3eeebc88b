"""The storyboard app with a team's own measures and the worked example team, driven headless."""

from __future__ import annotations

import base64
import html
import re

import pytest

from qikit import worked_team
from qikit.apps import storyboard_app
from qikit.store import open_workspace
from qikit.thread import OWN_DATA
from tests.storyboard.own_team import make_own_team


def spec_of(app) -> dict:
    return app.view.jupyter_chart.chart.to_dict()


def previewed(app) -> str:
    """The storyboard page shown in the app's preview frame."""
    return html.unescape(re.search(r'srcdoc="([^"]*)"', app.preview.value).group(1))


@pytest.fixture
def own(tmp_path, monkeypatch):
    monkeypatch.delenv("QUERY_STRING", raising=False)
    workspace = open_workspace(tmp_path / "own")
    yield workspace
    workspace.close()


@pytest.fixture
def examples(tmp_path):
    workspace = open_workspace(tmp_path / "examples")
    yield workspace
    workspace.close()


def test_own_team_with_measures_and_no_aim_is_listed_and_charted(own, examples):
    project_id, _ = make_own_team(own, aim=False)
    app = storyboard_app.StoryboardApp(own, examples)
    assert app.team.value == ("own", project_id)
    assert app.errors.value == ""
    assert "Falls per 1,000 occupied bed days" in str(spec_of(app)["title"])
    assert OWN_DATA in app.whose.value and "synthetic" not in app.whose.value.lower()
    assert "1 more week needed" in app.measure_notes.value
    assert "no data yet" in app.measure_notes.value
    app.make_page.click()
    page = previewed(app)
    assert "No aim written yet" in page and "No measures charted yet" not in page
    footer = re.search(r"<footer>(.*?)</footer>", page).group(1)
    assert "own data" in footer and "synthetic" not in footer.lower()


def test_the_page_address_opens_the_team(own, examples, monkeypatch):
    first, _ = make_own_team(own)
    team = own.create_team("Second ward")
    empty = own.create_project(team.id, "Just begun")
    monkeypatch.setenv("QUERY_STRING", f"project={first}")
    assert storyboard_app.StoryboardApp(own, examples).team.value == ("own", first)
    # A project named in the address is listed even with nothing in it yet, and says why.
    monkeypatch.setenv("QUERY_STRING", f"project={empty.id}")
    app = storyboard_app.StoryboardApp(own, examples)
    assert app.team.value == ("own", empty.id)
    assert "has no aim yet" in app.errors.value


def test_worked_team_loads_once_and_opens_its_storyboard(own, examples):
    app = storyboard_app.StoryboardApp(own, examples)
    assert app.team.value[0] == "example"
    assert app.worked_button.description == "Load the worked example team"
    app.worked_button.click()
    project_id = app.team.value[1]
    assert app.team.value[0] == "own" and worked_team.is_worked_team(own, project_id)
    assert app.worked_errors.value == ""
    assert "synthetic" in app.worked_status.value
    assert [m.title for m in app.board.measures] == [
        "Violent incidents per 1,000 occupied bed days",
        "Shifts with a safety huddle (%)",
        "Rapid tranquillisation per 1,000 occupied bed days",
    ]
    assert {m.label for m in app.board.measures} == {storyboard_app.WORKED_LABEL}
    assert "Synthetic data" in app.whose.value
    app.worked_button.click()  # a second click opens the same team
    assert app.team.value == ("own", project_id)
    assert len(own.projects()) == 1
    labels = [label for label, _ in app.team.options]
    assert labels.count(f"{worked_team.TEAM}: {worked_team.PROJECT}") == 1
    app.make_page.click()
    assert "synthetic" in re.search(r"<footer>(.*?)</footer>", previewed(app)).group(1)


def test_worked_team_exports_carry_its_charts(own, examples):
    app = storyboard_app.StoryboardApp(own, examples)
    app.load_worked()
    app.make_page.click()
    page = app.download_page.click().decode("utf-8")
    pictures = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)"', page)
    drawn = [base64.b64decode(p).decode("utf-8") for p in pictures]
    assert sum("Violent incidents per 1,000 occupied bed days" in svg for svg in drawn) == 1
    assert len(pictures) == 4  # driver diagram and three measures
    pdf = app.download_pdf.click()
    assert pdf.startswith(b"%PDF") and app.download_pdf.filename.endswith("_storyboard_A4.pdf")
    png = app.download_png.click()
    assert png.startswith(b"\x89PNG") and len(png) > 200_000


def test_example_wards_still_say_synthetic(own, examples):
    app = storyboard_app.StoryboardApp(own, examples)
    assert app.team.value == ("example", "W01")
    assert app.board.note == storyboard_app.sb.content.SYNTHETIC_NOTE
    assert "Synthetic data" in app.whose.value
    assert app.board.measures and app.board.measures[0].label == ""


def test_a_file_that_is_not_a_change_package_is_said_under_its_button(own, examples):
    import datetime as dt

    app = storyboard_app.StoryboardApp(own, examples)
    content = b"[1, 2]"
    app.upload.value = (
        {"name": "notes.json", "type": "application/json", "size": len(content),
         "content": memoryview(content), "last_modified": dt.datetime(2026, 1, 1)},
    )  # fmt: skip
    children = list(app.children)
    assert children[children.index(app.upload) + 1] is app.import_errors
    assert 'role="alert"' in app.import_errors.value and app.errors.value == ""
