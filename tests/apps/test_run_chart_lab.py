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
    assert "Value 3 (&#x27;twelve&#x27;) is not a number" in app.typing_note.value
    assert app.errors.value == ""  # half-typed values are not an error
    assert app.values.value == "10, 11, twelve"  # nothing the learner typed is lost
    assert app.anhoej_signal  # the last good reading is still shown
    app.values.value = typed
    assert app.errors.value == "" and app.typing_note.value == ""


def test_changing_one_week_edits_that_point_only():
    app = run_chart_lab.app()
    app.week.value = 4
    assert app.point.value == run_chart_lab.EXAMPLES["A stable ward"][3]
    app.point.value = 40
    expected = list(run_chart_lab.EXAMPLES["A stable ward"])
    expected[3] = 40
    assert plotted(app.anhoej_view) == [float(v) for v in expected]
    assert app.values.value.split(", ")[3] == "40"


def test_no_rule_fired_is_not_called_agreement_of_fired_rules():
    app = run_chart_lab.app()
    assert "Both rule sets agree: no signal." in app.differences.value
    assert "No rule of either set fired" in app.differences.value
    assert "Every rule that fired agrees" not in app.differences.value


def test_the_values_box_redraws_as_the_learner_types():
    app = run_chart_lab.app()
    assert app.values.continuous_update
    app.values.value = "12, 9, 1"  # half typed: a message under the box, the charts kept
    assert "at least 10 values; found 3" in app.typing_note.value
    assert app.errors.value == ""
    assert plotted(app.anhoej_view) == [float(v) for v in run_chart_lab.EXAMPLES["A stable ward"]]
    app.values.value = "12, 9, 11, 14, 10, 13, 8, 12, 11, 15, 4"
    assert app.typing_note.value == ""
    assert plotted(app.anhoej_view)[-1] == 4.0


def test_typing_waits_for_a_pause_when_an_event_loop_runs():
    import asyncio

    calls = []

    async def typing() -> None:
        wait = run_chart_lab.Debounced(lambda: calls.append(1), delay=0.05)
        for _ in range(5):
            wait()
        assert calls == []
        await asyncio.sleep(0.15)

    asyncio.run(typing())
    assert calls == [1]  # five keystrokes, one redraw
