"""The live demos in facilitator mode, driven headless."""

from __future__ import annotations

import pytest

from qikit.apps import live_demos
from tests.teaching.chart_data import chart_points


@pytest.fixture(scope="module")
def app():
    return live_demos.app()


def test_notes_and_projector_theme(app):
    assert "<h1" not in app.children[0].value  # the workbook draws the title block
    for demo in (app.reveal, app.red_bead, app.funnel):
        text = demo.children[-1].value
        assert "<summary><strong>Facilitator notes</strong></summary>" in text
        assert "Timing:" in text and "Questions to ask:" in text and "Key message:" in text
    spec = app.reveal.view.jupyter_chart.chart.to_dict()
    assert spec["config"]["title"]["fontSize"] > 18  # the projector theme's large type


def test_reveal_steps_week_by_week_after_a_prediction(app):
    demo = app.reveal
    demo.start_again()
    assert len(chart_points(demo.view.jupyter_chart.chart)) == 12
    demo.next.click()
    assert "Choose a prediction" in app.errors.value and demo.weeks == 12
    demo.prediction.value = "within"
    demo.next.click()
    assert demo.weeks == 13 and len(chart_points(demo.view.jupyter_chart.chart)) == 13
    assert "Week 13:" in demo.outcome.value
    assert "&#x27;Somewhere between the limits&#x27;: " in demo.score.value
    assert demo.prediction.value is None  # ready for the next prediction
    demo.start_again()
    assert demo.weeks == 12


def test_red_bead_draws_paddles_and_ranks_workers(app):
    demo = app.red_bead
    demo.draw(1)
    demo.next.click()
    assert demo.paddles == 2 and len(chart_points(demo.view.jupyter_chart.chart)) == 2
    demo.all_days.click()
    assert demo.paddles == 24 and demo.next.disabled
    assert "foreman" in demo.ranking.value and "Femi" in demo.ranking.value
    before = demo.frame["red_beads"].tolist()
    demo.again.click()
    assert demo.paddles == 1 and demo.frame["red_beads"].tolist() != before


def test_funnel_rules_redraw_and_compare(app):
    demo = app.funnel
    demo.rule.value = 1
    calm = demo.spread
    demo.rule.value = 4
    assert demo.spread > calm
    title = demo.view.jupyter_chart.chart.to_dict()["title"]["text"]
    assert title.startswith("Rule 4: Put the funnel over where the last marble landed")
    assert "Compared with rule 1" in demo.table.value
    demo.drops.value = 100
    spec = demo.view.jupyter_chart.chart.to_dict()
    assert len(spec["datasets"][spec["layer"][0]["data"]["name"]]) == 100
