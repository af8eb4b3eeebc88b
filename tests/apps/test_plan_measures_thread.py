"""Workbook 04 and the team thread: a measure keeps its id when edited, carries what a chart
needs, and the chart chooser follows the measure being edited."""

from __future__ import annotations

import html

import pytest

from qikit.apps import plan_measures
from qikit.improve import choose_chart
from qikit.store import SQLiteWorkspace


@pytest.fixture
def workspace(tmp_path):
    with SQLiteWorkspace(tmp_path / "workspace.db") as ws:
        yield ws


def make(workspace):
    return plan_measures.MeasurementStrategyApp(workspace, delay_ms=60_000)


def fill_rate(builder):
    builder.new_button.click()
    builder.text_fields["name"].value = "Violent incidents per 1,000 occupied bed days"
    builder.type.value = "outcome"
    builder.form.value = "rate"
    builder.text_fields["numerator"].value = "Incidents of physical violence on Datix"
    builder.text_fields["denominator"].value = "Occupied bed days in the week"


def test_editing_keeps_the_measure_and_its_remembered_columns(workspace):
    app = make(workspace)
    builder = app.builder
    fill_rate(builder)
    first = builder.plan.measures[0].id
    builder.plan.measures[0].upload_columns = {"date": "Week", "numerator": "Incidents"}
    builder.definition.value = "Any physical assault by a patient recorded on Datix"
    builder.unit.value = "per 1,000 occupied bed days"
    builder.multiplier.value = "1,000"
    builder.better.value = "lower"
    builder.target.value = "6"
    builder.rules.value = "anhoej"
    measure = builder.plan.measures[0]
    assert measure.id == first
    assert measure.upload_columns == {"date": "Week", "numerator": "Incidents"}
    assert (measure.unit, measure.multiplier, measure.better, measure.target, measure.rules) == (
        "per 1,000 occupied bed days",
        1000.0,
        "lower",
        6.0,
        "anhoej",
    )
    app.flush()
    saved = workspace.measures(app.bar.project_id)
    assert [m.id for m in saved] == [first]
    builder.text_fields["name"].value = "Physical violence per 1,000 occupied bed days"
    app.flush()
    saved = workspace.measures(app.bar.project_id)
    assert [(m.id, m.name) for m in saved] == [
        (first, "Physical violence per 1,000 occupied bed days")
    ]
    assert saved[0].definition == "Any physical assault by a patient recorded on Datix"
    again = make(workspace).builder
    assert again.unit.value == "per 1,000 occupied bed days"
    assert again.target.value == "6" and again.rules.value == "anhoej"
    assert again.better.value == "lower"
    assert again.current.id == first


def test_chooser_follows_the_measure_and_one_click_applies_it(workspace):
    builder = make(workspace).builder
    fill_rate(builder)
    rate = choose_chart("rate")
    assert builder.chooser.data_type.value == "rate"
    assert rate.name in builder.suggestion.value
    assert html.escape(rate.reason) in builder.suggestion.value
    assert builder.chart_type.value == ""
    builder.use_suggestion_button.click()
    assert builder.chart_type.value == "u" and builder.plan.measures[0].chart_type == "u"
    assert "This measure uses it." in builder.suggestion.value

    # a count out of a denominator is a rate too; with no denominator, a C chart
    builder.new_button.click()
    builder.text_fields["name"].value = "Number of prone restraints"
    builder.form.value = "count"
    assert choose_chart("count").name in builder.suggestion.value
    builder.text_fields["denominator"].value = "Occupied bed days"
    assert rate.name in builder.suggestion.value
    assert builder.chooser.data_type.value == "rate"

    # choosing the other measure shows its own suggestion
    builder.choice.value = 0
    assert "Violent incidents" in builder.suggestion.value
    assert builder.chart_type.value == "u"


def test_no_form_yet_says_what_the_chooser_needs(workspace):
    builder = make(workspace).builder
    builder.new_button.click()
    builder.text_fields["name"].value = "Staff wellbeing"
    assert "chooser will suggest its chart" in builder.suggestion.value
    builder.use_suggestion_button.click()
    assert "form" in builder.field_form.note(builder.use_suggestion_button).value.lower()


def test_coach_does_not_pass_a_u_chart_with_no_denominator(workspace):
    builder = make(workspace).builder
    builder.new_button.click()
    builder.text_fields["name"].value = "Restraints"
    builder.form.value = "count"
    builder.chart_type.value = "u"
    text = builder.feedback.value
    assert "Missing:</strong> <em>Restraints</em>: A U chart needs a denominator" in text
    assert "Missing:</strong> <em>Restraints</em>: A rate needs a multiplier" in text
    builder.text_fields["denominator"].value = "Occupied bed days"
    builder.multiplier.value = "1000"
    assert "needs a denominator" not in builder.feedback.value
    assert "needs a multiplier" not in builder.feedback.value


def test_link_to_the_measures_weekly_data(workspace):
    app = make(workspace)
    fill_rate(app.builder)
    link = app.builder.data_link.value
    measure = app.builder.current
    assert "Enter this measure&#x27;s weekly data" in link or "Enter this measure's" in link
    assert f"13_our_data.ipynb?project={app.bar.project_id}&amp;measure={measure.id}" in link
