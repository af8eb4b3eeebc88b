"""The chart gallery app, driven headless."""

from __future__ import annotations

from plot_fixtures import spec_table

from qikit.apps import gallery_charts


def _spec(view):
    return view.jupyter_chart.chart.to_dict()


def test_choosing_a_chart_redraws_it_with_its_finding():
    app = gallery_charts.app()
    assert _spec(app.view)["title"]["text"] == "Run chart (Anhøj rules)"
    app.choice.value = "p"
    spec = _spec(app.view)
    assert spec["title"]["text"] == "P chart (percentages)"
    assert app.chart_key == "p"
    assert spec_table(spec)["u"].nunique() > 10  # limits step with the denominator
    assert "What it shows" in app.note.value and app.finding in app.note.value.replace(
        "&#x27;", "'"
    )
    assert app.errors.value == ""


def test_look_and_annotations():
    app = gallery_charts.app()
    app.look.value = "qikit_projector"
    assert _spec(app.view)["config"]["title"]["fontSize"] == 26
    assert _spec(app.board)["config"]["title"]["fontSize"] == 26
    rules = [lay for lay in _spec(app.view)["layer"] if lay["mark"]["type"] == "rule"]
    assert len(rules) == 1  # the PDSA cycles
    app.annotated.value = False
    assert not [lay for lay in _spec(app.view)["layer"] if lay["mark"]["type"] == "rule"]


def test_board_scale_toggle():
    app = gallery_charts.app()
    app.scale.value = "independent"
    assert _spec(app.board)["resolve"] == {"scale": {"y": "independent"}}


def test_icon_strip_has_every_icon():
    strip = gallery_charts.icon_strip()
    assert strip.count("<svg") == 10 and strip.count("<figcaption") == 10
