"""Workbooks 03 and 04, driven headless: sorting activity, chart chooser, plan builder."""

from __future__ import annotations

import json

import pytest

from qikit.apps import plan_measures
from qikit.store import SQLiteWorkspace
from tests.apps.field_notes import assert_note_under


@pytest.fixture
def workspace(tmp_path):
    with SQLiteWorkspace(tmp_path / "workspace.db") as ws:
        yield ws


def make(workspace):
    return plan_measures.MeasurementStrategyApp(workspace, delay_ms=60_000)


def test_chart_chooser_follows_the_table():
    chooser = plan_measures.ChartChooser()
    assert chooser.chart == "run"
    chooser.data_type.value = "rate"
    assert chooser.chart == "u" and "U chart" in chooser.result.value
    chooser.rare_events.value = True
    assert chooser.chart == "t"
    chooser.rare_events.value = False
    chooser.data_type.value = "continuous"
    chooser.subgroup_size.value = 4
    assert chooser.chart == "xbar"
    chooser.points.value = 8
    assert chooser.chart == "run" and "8 points" in chooser.result.value


def test_plan_seeded_from_the_library(workspace):
    builder = make(workspace).builder
    builder.stream.value = "violence_aggression"
    builder.library.value = tuple(value for _, value in builder.library.options)
    builder.add_library_button.click()
    assert [m.type for m in builder.plan.measures] == ["outcome", "process", "balancing"]
    assert "One outcome measure, matching the aim." in builder.feedback.value
    assert "Missing:" not in builder.feedback.value
    assert builder.text_fields["name"].value == "Staff injuries from patient violence"


def test_editing_a_measure_gives_feedback_naming_it(workspace):
    app = make(workspace)
    builder = app.builder
    builder.new_button.click()
    builder.text_fields["name"].value = "% of huddles held in a timely way"
    builder.form.value = "percentage"
    assert "<em>% of huddles held in a timely way</em>: A percentage needs a denominator" in (
        builder.feedback.value
    )
    assert builder.choice.options[0][0] == "1. % of huddles held in a timely way"
    builder.chooser.data_type.value = "classification"
    builder.use_chart_button.click()
    assert builder.chart_type.value == "p"
    assert builder.plan.measures[0].chart_type == "p"
    builder.multiplier.value = "lots"
    assert_note_under(app, builder.multiplier, "'Multiplier' should be a number", "'lots'")
    assert builder.multiplier.value == "lots" and app.errors.value == ""
    builder.multiplier.value = "0"
    assert_note_under(app, builder.multiplier, "'Multiplier' cannot be 0")
    builder.multiplier.value = "100"
    assert builder.field_form.note(builder.multiplier).value == ""
    assert builder.plan.measures[0].multiplier == 100


def test_a_patient_detail_is_hidden_under_its_box(workspace):
    app = make(workspace)
    builder = app.builder
    builder.new_button.click()
    builder.text_fields["data_source"].value = "Datix, e.g. patient 943 476 5919"
    text = assert_note_under(app, builder.text_fields["data_source"], "'Data source'", "NHS")
    assert "data_source" not in text and "5919" not in text and app.errors.value == ""
    assert builder.text_fields["data_source"].value == "Datix, e.g. patient ••• ••• ••••"
    assert "5919" not in json.dumps(builder.plan.to_dict())


def test_buttons_pressed_too_soon_say_so_under_the_box(workspace):
    app = make(workspace)
    builder = app.builder
    builder.add_library_button.click()
    assert_note_under(app, builder.library, "'Library': nothing is chosen yet")
    builder.use_chart_button.click()
    assert_note_under(app, builder.use_chart_button, "Add a measure first")
    assert app.errors.value == ""


def test_the_plan_shows_the_aim_from_workbook_01(workspace):
    from qikit.improve import Aim

    team = workspace.create_team("Our ward team")
    project = workspace.create_project(team.id, "Our improvement project")
    aim = "Reduce violent incidents on Willow Ward from 12 to 6 per 1,000 OBDs by March 2027"
    workspace.save(project.id, Aim.from_text(aim))
    app = make(workspace)
    builder = app.builder
    assert builder.aim.value == aim and builder.plan.aim == aim
    assert "your aim from workbook 01" in builder.aim_from_01.value
    assert aim in builder.exports.buttons[0].click().decode("utf-8")
    builder.aim.value = "Fewer falls"
    assert "differs" in builder.aim_from_01.value and aim in builder.aim_from_01.value
    app.flush()
    assert make(workspace).builder.aim.value == "Fewer falls"  # the plan's own aim is kept


def test_without_an_aim_the_plan_points_to_workbook_01(workspace):
    builder = make(workspace).builder
    assert builder.aim.value == ""
    assert "01_model_for_improvement.ipynb?project=" in builder.aim_from_01.value


def test_closing_and_coming_back(workspace):
    app = make(workspace)
    app.builder.title.value = "Oak ward violence"
    app.builder.stream.value = "falls"
    app.builder.library.value = ("Falls per 1,000 occupied bed days",)
    app.builder.add_library_button.click()
    app.flush()
    again = make(workspace).builder
    assert again.title.value == "Oak ward violence"
    assert [m.name for m in again.plan.measures] == ["Falls per 1,000 occupied bed days"]
    assert again.text_fields["denominator"].value == "Occupied bed days in the month"


def test_remove_and_exports(workspace):
    builder = make(workspace).builder
    builder.stream.value = "sexual_safety"
    builder.library.value = tuple(value for _, value in builder.library.options)
    builder.add_library_button.click()
    builder.choice.value = 0
    builder.remove_button.click()
    assert len(builder.plan.measures) == 2
    files = {name: data.decode("utf-8") for name, data in builder.exports.files().items()}
    assert set(files) == {"measurement_plan.md", "measurement_plan.html", "measurement_plan.csv"}
    assert files["measurement_plan.csv"].count("\r\n") == 3  # header and two measures
    assert "Days between sexual safety incidents" not in files["measurement_plan.md"]


def test_sorting_activity_marks_without_giving_answers():
    activity = plan_measures.SortingActivity()
    answers = {m.name: m.type for m in activity.items}
    wrong = {"outcome": "process", "process": "balancing", "balancing": "outcome"}
    for measure, box in zip(activity.items, activity.choices, strict=True):
        box.value = answers[measure.name]
    first, second = activity.choices[0], activity.choices[1]
    first.value = wrong[activity.items[0].type]
    second.value = ""
    activity.check_button.click()
    assert activity.score == len(activity.items) - 2
    text = activity.result.value
    assert f"{len(activity.items) - 2} of {len(activity.items)} right" in text
    assert activity.items[0].name in text and "1 not answered yet" in text
    # the hint never names the right type for the measure that was wrong
    assert "is an outcome" not in text and "is a process" not in text
    assert activity.why[0].value.startswith('<p class="qikit-note">Not yet.')
    assert activity.why[1].value == ""  # not answered: nothing said
    assert "Right." in activity.why[2].value
    assert plan_measures.SORTING_WHY[activity.items[2].name].split(":")[1].strip()[:20] in (
        activity.why[2].value
    )
    for measure, box in zip(activity.items, activity.choices, strict=True):
        box.value = answers[measure.name]
    activity.check_button.click()
    assert "All sorted" in activity.result.value
    assert all("Right." in why.value for why in activity.why)  # every item says why
    assert set(plan_measures.SORTING_WHY) == {m.name for m in activity.items}
    assert sorted(set(answers.values())) == ["balancing", "outcome", "process"]
