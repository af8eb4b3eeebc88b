"""The collaborative dashboard built from the synthetic collaborative and its ground truth."""

from __future__ import annotations

import pytest

from qikit import datasets
from qikit.collaborative import charts, dashboard, signals


@pytest.fixture(scope="module")
def board():
    return dashboard.from_datasets()


def test_every_change_the_ground_truth_expects_shows_on_the_dashboard(board):
    changes = datasets.load("changes")
    table = board.signals.merge(changes, on=["ward_id", "measure"])
    assert len(table) == len(changes) == 32
    expected = table[table["expected_signal"] == "improvement"]
    assert len(expected) >= 10
    assert expected["signal"].isin(["improvement", "both"]).all()
    worse = table[table["expected_signal"] == "concern"]
    assert worse["signal"].isin(["concern", "both"]).all() and len(worse) >= 1
    no_effect = table[~table["has_effect"]]
    assert (no_effect["signal"] == "improvement").mean() <= 1 / 3


def test_improvement_matrix_lists_teams_by_measure(board):
    matrix = signals.improvement_matrix(board.signals)
    assert set(matrix.index) == set(board.wards["ward"])
    w01 = board.wards.set_index("ward_id").loc["W01", "ward"]
    assert matrix.loc[w01, "restraint_episodes"] == "improvement"
    assert matrix.loc[w01, "violence_incidents"] == "concern"


def test_filters_by_trust_and_work_stream(board):
    trust = board.trusts()[0]
    kept = signals.filter_signals(board.signals, trust=trust)
    assert set(kept["trust"]) == {trust} and len(kept) < len(board.signals)
    stream = "physical health"
    some = board.charts_for(work_stream=stream)
    wards = set(board.wards.loc[board.wards["work_stream"] == stream, "ward_id"])
    assert {c.ward_id for c in some} == wards
    assert board.charts_for(measure="news2_complete", trust="All")
    assert all(c.measure == "news2_complete" for c in board.charts_for(measure="news2_complete"))


def test_assessment_scores_rise_with_the_data(board):
    scores = board.assessments.pivot(index="ward_id", columns="week", values="score")
    assert list(scores.columns) == [26, 52, 78, 104]
    assert (scores[26] == 2.0).all()  # no ward has started testing before the first session
    assert (scores.diff(axis=1).iloc[:, 1:] >= 0).all().all()  # never falls in this data
    changes = datasets.load("changes")
    worked = set(changes.loc[changes["expected_signal"] == "improvement", "ward_id"])
    assert (scores.loc[sorted(worked), 104] >= 3.0).all()
    assert scores.max().max() <= 4.0  # 4.5 and 5.0 are left to faculty


def test_first_improvement_week_waits_for_the_rule_to_see_it(board):
    chart = next(c for c in board.charts if c.ward_id == "W08" and c.role == "outcome")
    week = dashboard.first_improvement_week(chart)
    points = chart.result.points.reset_index(drop=True)
    flagged = points[(points["x"] > chart.freeze) & (points["special_cause"] == "improvement")]
    assert week >= dashboard.week_of(chart, flagged["x"].iloc[0])
    assert week > 32  # W08 began testing in week 32


def test_charts_are_described_and_draw(board):
    points = dashboard.small_multiples_points(board.charts_for("news2_complete"), board.wards)
    spec = charts.small_multiples(points, "NEWS2 sets complete").to_dict(validate=True)
    assert "small control chart" in spec["description"]
    names = dict(zip(board.wards["ward_id"], board.wards["ward"], strict=True))
    spec = charts.assessment_chart(board.assessments, names).to_dict(validate=True)
    assert spec["title"]["text"].startswith("IHI Assessment Scale")
    starts = board.pdsa.groupby("ward_id", as_index=False)["start_week"].min()
    spec = charts.timeline_chart(board.timeline, starts.assign(ward=starts["ward_id"])).to_dict()
    assert "Timeline" in spec["description"]
