"""Workbook 02's apps, driven headless: the PDSA worksheet, ramp view and quality feedback."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from qikit.apps import plan_pdsa
from qikit.improve import Ramp
from qikit.store import SQLiteWorkspace
from tests.apps.field_notes import assert_note_under


@pytest.fixture
def workspace(tmp_path):
    with SQLiteWorkspace(tmp_path / "workspace.db") as ws:
        yield ws


def make(workspace):
    return plan_pdsa.PDSAApp(workspace, delay_ms=60_000)


def fill_first_cycle(bench):
    bench.change_idea.value = "Safety huddle every shift"
    bench.driver.value = "Shared risk picture"
    bench.start_date.value = dt.date(2026, 12, 1)
    bench.scale.value = "one_shift"
    bench.objective.value = "See if a 10-minute huddle fits the early shift"
    bench.questions[0].value = "Can it finish within 10 minutes?"
    bench.predictions[0].value = "Yes, about 8 minutes"
    bench.plan_who.value = "Nurse in charge"
    bench.plan_what.value = "Huddle with the prompt card"
    bench.plan_when.value = "Early shift"
    bench.plan_where.value = "Nursing office"
    bench.data_what.value = "Minutes taken"


def test_quality_feedback_grows_as_the_worksheet_fills(workspace):
    bench = make(workspace).workbench
    assert "Cycle 1: 0 of 5" in bench.cycle_feedback.value
    fill_first_cycle(bench)
    # prediction and small scale are there; no data, study or act yet
    assert "Cycle 1: 2 of 5" in bench.cycle_feedback.value
    bench.data_collected.value = "14 minutes"
    bench.results[0].value = "14 minutes"
    bench.study_learned.value = "Card too long"
    bench.act_decision.value = "adapt"
    bench.act_next.value = "Shorter card on two shifts"
    assert "Cycle 1: 5 of 5" in bench.cycle_feedback.value
    assert "One cycle is not a ramp" in bench.ramp_feedback.value


def test_ramp_view_and_next_cycle(workspace):
    bench = make(workspace).workbench
    fill_first_cycle(bench)
    bench.act_decision.value = "adapt"
    bench.next_button.click()
    assert bench.cycle.value == 2
    assert bench.scale.value == "one_shift"  # carried over, ready to be raised
    assert bench.objective.value == ""
    bench.scale.value = "one_day"
    spec = bench.view.jupyter_chart.chart.to_dict()
    rows = spec["data"]["values"]
    assert [(r["cycle"], r["scale"]) for r in rows] == [(1, "one shift"), (2, "one day")]
    assert spec["title"]["text"] == "PDSA ramp: Safety huddle every shift"
    bench.cycle.value = 1  # going back shows cycle 1 again
    assert bench.objective.value.startswith("See if a 10-minute huddle")


def test_closing_and_coming_back(workspace):
    app = make(workspace)
    fill_first_cycle(app.workbench)
    app.workbench.roles.value = ("patient",)
    app.flush()
    again = make(workspace).workbench
    assert again.change_idea.value == "Safety huddle every shift"
    assert again.questions[0].value == "Can it finish within 10 minutes?"
    assert again.start_date.value == dt.date(2026, 12, 1)
    assert again.roles.value == ("patient",)
    assert again.ramp.cycles[0].driver == "Shared risk picture"


def test_bad_dates_explained(workspace):
    app = make(workspace)
    bench = app.workbench
    bench.start_date.value = dt.date(2026, 12, 5)
    bench.end_date.value = dt.date(2026, 12, 1)
    text = assert_note_under(app, bench.end_date, "'End date'", "05/12/2026", "01/12/2026")
    assert "end_date" not in text and app.errors.value == ""
    assert bench.end_date.value == dt.date(2026, 12, 1)  # what was entered stays
    bench.start_date.value = dt.date(2026, 11, 28)  # fixed by the other date: the note goes
    assert bench.form.note(bench.end_date).value == ""
    assert bench.ramp.cycles[0].end_date == dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("box", "label"),
    [("plan_who", "Who"), ("change_idea", "Change idea"), ("do_what_happened", "What happened")],
)
def test_a_patient_detail_is_hidden_under_its_box_in_the_worksheet(workspace, box, label):
    app = make(workspace)
    bench = app.workbench
    bench.change_idea.value = "Safety huddle every shift"
    getattr(bench, box).value = "Nurse in charge and patient 401 023 2137"
    text = assert_note_under(app, getattr(bench, box), f"'{label}'", "NHS number")
    assert "2137" not in text and box not in text and app.errors.value == ""
    assert getattr(bench, box).value == "Nurse in charge and patient ••• ••• ••••"
    app.flush()
    assert "2137" not in json.dumps(make(workspace).workbench.ramp.to_dict())


def test_the_scale_and_every_choice_read_as_words(workspace):
    bench = make(workspace).workbench
    for choice in (bench.scale, bench.do_as_planned, bench.act_decision):
        labels = [label for label, _ in choice.options]
        assert not any("_" in label for label in labels), labels
    assert ("One shift", "one_shift") in bench.scale.options  # the stored value is unchanged


def test_exports_offered(workspace):
    bench = make(workspace).workbench
    fill_first_cycle(bench)
    files = {name: data.decode("utf-8") for name, data in bench.exports.files().items()}
    assert set(files) == {"pdsa_log.md", "pdsa_log.html", "pdsa_log.csv"}
    assert [b.text.split(" (")[1].split(",")[0] for b in bench.exports.buttons] == [
        "Markdown", "HTML", "CSV"
    ]  # fmt: skip
    assert bench.exports.buttons[0].text.startswith("Download the PDSA log (Markdown, ")
    assert "## Cycle 1: Safety huddle every shift" in files["pdsa_log.md"]
    assert files["pdsa_log.csv"].startswith("Cycle,")


def test_worked_example_from_the_synthetic_collaborative():
    ramp = plan_pdsa.example_ramp("W01", "C01")
    assert [c.cycle_number for c in ramp.cycles] == [1, 2, 3, 4]
    assert [c.act_decision for c in ramp.cycles] == ["adapt", "adapt", "adapt", "adopt"]
    assert ramp.cycles[0].scale == "one_shift"
    assert ramp.quality().score == 5
    marks = ramp.markers()
    assert marks[0]["date"] == "2024-12-16"
    box = plan_pdsa.worked_example()
    assert "4 linked cycles" in box.children[0].value
    spec = box.children[1].jupyter_chart.chart.to_dict()
    assert spec["title"]["text"].endswith("with the PDSA cycles")
    text = json.dumps(spec)
    assert all(f"PDSA {n}" in text for n in (1, 2, 3, 4))


def test_a_ramp_with_measure_data_typed_before_stays_readable(workspace):
    """Ramps saved before measures kept their own data hold "date, value" lines: the page shows
    them read-only and charts them until a linked measure has data of its own."""
    team = workspace.create_team("Our ward team")
    project = workspace.create_project(team.id, "Our improvement project")
    lines = "\n".join(
        f"2026-{month:02d}-01, {value}"
        for month, value in zip(range(6, 13), [12, 11, 13, 12, 10, 11, 8], strict=True)
    )
    ramp = Ramp(change_idea="Safety huddle", measure="Violence per 1,000 OBDs", measure_data=lines)
    ramp.add_cycle(start_date=dt.date(2026, 12, 1))
    workspace.save(project.id, ramp)
    app = make(workspace)
    bench = app.workbench
    assert "2026-06-01, 12" in bench.old_data.value and "kept as it was" in bench.old_data.value
    (view,) = bench.data_charts.children
    spec = view.jupyter_chart.chart.to_dict()
    assert spec["title"]["text"] == "Violence per 1,000 OBDs, with the PDSA cycles"
    assert "PDSA 1" in json.dumps(spec) and "2026-12-01" in json.dumps(spec)
    bench.objective.value = "Try it on one shift"
    app.flush()
    assert make(workspace).workbench.ramp.measure_data == lines  # kept, not lost
