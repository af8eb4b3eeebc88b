"""The week-by-week reveal: what is shown, and how predictions are scored."""

from __future__ import annotations

import pytest

from qikit import datasets
from qikit.errors import DataError
from qikit.teaching import reveal as rv


def weekly_rate(week: int) -> float:
    weekly = datasets.load("weekly")
    row = weekly[(weekly["ward_id"] == rv.WARD) & (weekly["week"] == week)].iloc[0]
    return 1000 * row["restraint_episodes"] / row["occupied_bed_days"]


def test_chart_shows_only_the_weeks_revealed():
    data = rv.ward_weeks()
    result = rv.chart_upto(data, 12)
    assert len(result.points) == 12 and result.chart_type == "u"
    assert result.points["y"].iloc[-1] == pytest.approx(weekly_rate(12))


def test_next_week_scores_the_prediction():
    data = rv.ward_weeks()
    tally = rv.RevealTally()
    said = rv.next_week(data, 12, "higher", tally)
    went_up = weekly_rate(13) > weekly_rate(12)
    assert said.startswith(f"Week 13: {weekly_rate(13):.1f} per 1,000 occupied bed days.")
    assert (tally.made["higher"], tally.right["higher"]) == (1, int(went_up))
    rv.next_week(data, 13, "within", tally)
    result = rv.chart_upto(data, 14).points.iloc[-1]
    inside = result["lcl"] <= result["y"] <= result["ucl"]
    assert tally.right["within"] == int(inside)
    assert "'Somewhere between the limits': " in tally.summary()


def test_no_prediction_or_no_more_weeks():
    data = rv.ward_weeks()
    with pytest.raises(DataError, match="Choose a prediction first"):
        rv.next_week(data, 12, "", rv.RevealTally())
    with pytest.raises(DataError, match="last week of data"):
        rv.next_week(data, len(data), "higher", rv.RevealTally())
