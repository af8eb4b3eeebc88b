"""Workbook 01's apps, driven headless: aim builder and driver diagram builder."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from qikit.apps import plan_aim
from qikit.store import SQLiteWorkspace
from tests.apps.field_notes import assert_note_under


@pytest.fixture
def workspace(tmp_path):
    with SQLiteWorkspace(tmp_path / "workspace.db") as ws:
        yield ws


def make(workspace):
    return plan_aim.ModelForImprovementApp(workspace, delay_ms=60_000)


def test_live_feedback_on_a_vague_aim(workspace):
    app = make(workspace)
    app.aim.statement.value = "Improve safety soon"
    assert "&#x27;Improve&#x27; on its own is not measurable" in app.aim.feedback.value
    assert "Missing:" in app.aim.feedback.value
    assert app.aim.aim_text == "Improve safety soon"


def test_building_an_aim_from_parts(workspace):
    app = make(workspace)
    a = app.aim
    a.what.value = "physical violence"
    a.direction.value = "reduce"
    a.baseline.value = "12"
    a.how_much.value = "8"
    a.units.value = "per 1,000 occupied bed days"
    a.by_when.value = dt.date(2030, 3, 31)
    a.for_whom.value = "adults on the ward"
    a.where.value = "Oak ward"
    a.roles.value = ("registered nurse", "patient")
    assert a.aim_text == (
        "Reduce physical violence for adults on the ward on Oak ward from 12 to 8 per 1,000 "
        "occupied bed days by 31 March 2030."
    )
    assert "Missing:" not in a.feedback.value and "Could be stronger" not in a.feedback.value
    assert a.aim_data["baseline"] == 12.0


def test_bad_number_is_explained_under_its_box_and_the_typing_kept(workspace):
    app = make(workspace)
    app.aim.baseline.value = "twelve"
    text = assert_note_under(app, app.aim.baseline, "'Baseline (today)'", "'twelve'")
    assert "should be a number" in text and app.errors.value == ""
    assert app.aim.baseline.value == "twelve"
    app.aim.baseline.value = "12"
    assert app.aim.form.note(app.aim.baseline).value == "" and app.errors.value == ""


def test_everything_is_there_after_closing_and_coming_back(workspace):
    app = make(workspace)
    app.aim.statement.value = "Reduce restraint on Oak ward by 25% by March 2030 for adults"
    app.aim.roles.value = ("carer",)
    d = app.diagram
    d.new_primary.value = "Therapeutic culture"
    d.add_primary_button.click()
    d.new_secondary.value = "Calm, respectful words"
    d.add_secondary_button.click()
    d.acts_on.value = ("s1",)
    d.stream.value = "safewards"
    d.library.value = ("safewards-soft-words", "safewards-talk-down")
    d.add_library_button.click()
    app.flush()

    again = make(workspace)  # a new page for the same team and project
    assert again.aim.statement.value.startswith("Reduce restraint on Oak ward")
    assert again.aim.roles.value == ("carer",)
    diagram = again.diagram.diagram
    assert diagram.aim == again.aim.aim_text
    assert [c.text for c in diagram.change_ideas] == ["Soft words", "Talk down"]
    assert all(c.drivers == ["s1"] for c in diagram.change_ideas)
    assert diagram.change_ideas[0].source.startswith("Bowers et al. 2015")


def test_autosave_after_a_quiet_spell(workspace):
    import time

    app = plan_aim.ModelForImprovementApp(workspace, delay_ms=50)
    app.aim.what.value = "falls"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not workspace.records(app.bar.project_id, "aim"):
        time.sleep(0.02)
    (record,) = workspace.records(app.bar.project_id, "aim")
    assert record.item.what == "falls"


def test_projects_are_kept_apart(workspace):
    app = make(workspace)
    app.aim.what.value = "falls"
    app.flush()
    app.bar.project.value = "Another project"
    app.bar.open_button.click()
    assert app.aim.what.value == ""
    app.bar.project.value = "Our improvement project"
    app.bar.open_button.click()
    assert app.aim.what.value == "falls"


def test_driver_diagram_chart_and_feedback_update(workspace):
    app = make(workspace)
    d = app.diagram
    d.new_primary.value = "Early recognition"
    d.add_primary_button.click()
    spec = d.view.jupyter_chart.chart.to_dict()
    nodes = spec["layer"][1]["data"]["values"]
    assert [n["label"] for n in nodes if n["column"] == 1] == [["Early recognition"]]
    assert "Nothing the team plans to test acts on the primary driver" in d.feedback.value
    d.new_idea.value = "Huddle"
    d.add_idea_button.click()
    assert "&#x27;Huddle&#x27; is not linked to any driver" in d.feedback.value
    assert "- Huddle" in d.outline.click().decode("utf-8")
    assert d.outline.text.startswith("Download the outline (Markdown, ")


def test_empty_boxes_give_plain_messages_under_the_box(workspace):
    app = make(workspace)
    d = app.diagram
    d.add_secondary_button.click()
    assert_note_under(app, d.new_secondary, "Add a primary driver first")
    d.add_primary_button.click()
    assert_note_under(app, d.new_primary, "'Primary driver' is empty")
    d.add_library_button.click()
    assert_note_under(app, d.library, "'Library ideas': nothing is chosen yet")
    assert app.errors.value == ""
    d.new_primary.value = "Early recognition"  # typing takes the message away
    assert d.form.note(d.new_primary).value == ""


@pytest.mark.parametrize(
    ("box", "label", "typed", "kept"),
    [
        ("for_whom", "Who is it for", "adults, not 943 476 5919", "adults, not ••• ••• ••••"),
        ("what", "What", "violence towards 943-476-5919", "violence towards •••-•••-••••"),
        ("statement", "Aim in your own words", "Reduce falls for Mary O'Neill (14/07/1962)",
         "Reduce falls for •••• •'••••• (••/••/••••)"),
        ("where", "Where", "DOB 12/03/1985 bay", "DOB ••/••/•••• bay"),
    ],
)  # fmt: skip
def test_a_patient_detail_is_hidden_in_its_box_and_said_under_it(
    workspace, box, label, typed, kept
):
    app = make(workspace)
    widget = getattr(app.aim, box)
    widget.value = typed
    text = assert_note_under(app, widget, f"'{label}'", "hidden in the box")
    assert widget.value == kept  # the rest of what was typed is kept
    for digits in ("5919", "1962", "1985", "O'Neill"):
        assert digits not in text and digits not in app.aim.aim_text
    assert "for_whom" not in text and app.errors.value == ""
    app.flush()
    saved = json.dumps(make(workspace).aim.aim_data)
    assert "5919" not in saved and "1962" not in saved and "1985" not in saved
    widget.value = kept.replace("•", "").strip()  # the dots deleted: the message goes
    assert app.aim.form.note(widget).value == ""


def test_a_driver_with_a_hidden_detail_is_not_added(workspace):
    app = make(workspace)
    d = app.diagram
    d.new_primary.value = "Tension in bay 943 476 5919"
    assert d.new_primary.value == "Tension in bay ••• ••• ••••"
    assert_note_under(app, d.new_primary, "'Primary driver'", "NHS number")
    d.add_primary_button.click()
    assert d.diagram.primary == []
    assert_note_under(app, d.new_primary, "still holds the dots")


def test_coaching_panel_is_there_and_closed(workspace):
    app = make(workspace)
    panel = app.aim.children[-1]
    assert not panel.is_open and panel.questions.layout.display == "none"
    panel.toggle.value = True
    assert panel.questions.layout.display is None
    assert "Some is not a number" in panel.questions.value
    assert "lived experience" in panel.questions.value


def _download(button):
    """What one click on a download button saves: its file name and text."""
    return button.filename, button.click().decode("utf-8")


def uploaded(name, content):
    """A file as the FileUpload widget hands it over."""
    return {
        "name": name,
        "content": memoryview(content),
        "size": len(content),
        "type": "application/json",
        "last_modified": dt.datetime(2026, 1, 1),
    }


def test_picture_of_the_diagram(workspace):
    d = make(workspace).diagram
    d.new_primary.value = "Early recognition"
    d.add_primary_button.click()
    assert d.picture.text == "Download a picture of the diagram (SVG)"
    name, svg = _download(d.picture)  # one click makes the picture and saves it
    assert name == "driver_diagram.svg" and d.picture.mime == "image/svg+xml"
    assert svg.startswith("<svg") and "Early recognition" in svg
    assert d.picture.text.startswith("Download a picture of the diagram (SVG, ")
    d.new_primary.value = "Culture"
    d.add_primary_button.click()
    assert d.picture.text == "Download a picture of the diagram (SVG)"  # the old size is gone
    assert "Culture" in _download(d.picture)[1]  # a click draws the diagram as it is now


def test_export_and_import_the_whole_project(workspace):
    import json

    app = make(workspace)
    app.aim.statement.value = "Reduce falls on Birch ward by 30% by June 2030 for older adults"
    app.diagram.new_primary.value = "Safe mobility"
    app.diagram.add_primary_button.click()
    app.flush()
    name, text = _download(app.bar.export_button)
    assert name == "Our_improvement_project.json"
    data = json.loads(text)
    assert len(data["items"]["aim"]) == 1 and len(data["items"]["driver_diagram"]) == 1

    app.bar.upload.value = (uploaded(name, text.encode()),)
    assert app.bar.project.value == "Our improvement project (2)"
    assert app.aim.statement.value.startswith("Reduce falls on Birch ward")
    assert [p.text for p in app.diagram.diagram.primary] == ["Safe mobility"]
    assert len(workspace.projects()) == 2


def test_importing_a_file_that_is_not_a_project(workspace):
    app = make(workspace)
    app.bar.upload.value = (uploaded("notes.json", b"[1, 2]"),)
    assert "not a qikit project file" in app.errors.value
    assert len(workspace.projects()) == 1


def test_saved_work_is_read_when_the_page_opens(workspace, monkeypatch):
    # Voilà's preheated kernels run the notebook before anyone asks for the page; the app must
    # wait for the request before reading the workspace.
    from qikit.apps import page_request

    order = []
    monkeypatch.setattr(page_request, "wait_for_request", lambda: order.append("page opened"))
    real_teams = workspace.teams
    monkeypatch.setattr(workspace, "teams", lambda: order.append("read") or real_teams())
    make(workspace)
    assert order[:2] == ["page opened", "read"]


def test_a_detail_in_the_diagrams_aim_is_never_kept(workspace):
    app = make(workspace)
    d = app.diagram
    d.aim.value = "Reduce violence for 943 476 5919"
    assert d.aim.value == "Reduce violence for ••• ••• ••••"
    assert d.diagram.aim == "Reduce violence for ••• ••• ••••"
    assert_note_under(app, d.aim, "'Aim'", "NHS number")
    app.flush()
    assert "5919" not in json.dumps(make(workspace).diagram.diagram_data)
