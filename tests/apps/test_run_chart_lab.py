"""The run-chart lab, driven headless as a learner would."""

from __future__ import annotations

from qikit.apps import run_chart_lab
from tests.teaching.chart_data import plotted


def test_opens_with_both_charts_and_no_title_of_its_own():
    app = run_chart_lab.app()
    assert "<h1" not in app.children[0].value  # the workbook draws the title block
    assert plotted(app.anhoej_view) == [float(v) for v in run_chart_lab.EXAMPLES["A stable ward"]]
    assert "Anhøj" in app.anhoej_view.jupyter_chart.chart.to_dict()["title"]["text"]
    assert "IHI" in app.ihi_view.jupyter_chart.chart.to_dict()["title"]["text"]
    assert not app.anhoej_signal and not app.ihi_signal
    assert "Useful observations" in app.numbers.value


def test_example_where_rules_disagree_lights_up_ihi_only():
    app = run_chart_lab.app()
    app.example.value = "Where the rules disagree"
    assert app.ihi_signal and not app.anhoej_signal
    assert "Shift: signal." in app.ihi_words.value
    assert "Unusually long run: no signal." in app.anhoej_words.value
    assert "The rule sets disagree" in app.differences.value
    assert plotted(app.ihi_view)[:3] == [5.0, 6.0, 4.0]


def test_typed_values_redraw_and_mistakes_keep_the_text():
    app = run_chart_lab.app()
    typed = ", ".join(["10"] * 9 + ["1"] * 9 + ["10", "1"] * 3)
    app.values.value = typed
    assert app.anhoej_signal and app.ihi_signal
    assert "The longest run is 9 points" in app.anhoej_words.value
    app.values.value = "10, 11, twelve"
    assert "Value 3 (&#x27;twelve&#x27;) is not a number" in app.errors.value
    assert app.values.value == "10, 11, twelve"  # nothing the learner typed is lost
    assert app.anhoej_signal  # the last good reading is still shown
    app.values.value = typed
    assert app.errors.value == ""


def test_changing_one_week_edits_that_point_only():
    app = run_chart_lab.app()
    app.week.value = 4
    assert app.point.value == run_chart_lab.EXAMPLES["A stable ward"][3]
    app.point.value = 40
    expected = list(run_chart_lab.EXAMPLES["A stable ward"])
    expected[3] = 40
    assert plotted(app.anhoej_view) == [float(v) for v in expected]
    assert app.values.value.split(", ")[3] == "40"
