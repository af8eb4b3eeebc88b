"""Workbooks 03 and 04, driven headless: sorting activity, chart chooser, plan builder."""

from __future__ import annotations

import pytest

from qikit.apps import plan_measures
from qikit.store import SQLiteWorkspace


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
    assert "&#x27;multiplier&#x27;" in app.errors.value
    assert builder.multiplier.value == "lots"


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
