"""Run-chart readings against hand-counted series and the tables in QI_REFERENCE 3.2-3.3."""

from __future__ import annotations

import pytest

from qikit.errors import DataError
from qikit.teaching.run_rules import parse_values, read_run_chart

H, L = 10.0, 1.0


def verdicts(reading):
    return {v.rule: v.fired for v in reading.anhoej + reading.ihi}


def test_long_run_of_nine_in_24_points_fires_both_but_runs_table_does_not():
    # 9 high, 9 low, then H L H L H L: median 5.5, 24 useful, 7 crossings, 8 runs.
    reading = read_run_chart([H] * 9 + [L] * 9 + [H, L] * 3)
    assert (reading.median, reading.n_useful) == (5.5, 24)
    assert (reading.longest_run, reading.crossings, reading.n_runs) == (9, 7, 8)
    # Anhøj, n = 24: run must exceed 8, crossings must be at least 8 (QI_REFERENCE 3.3 table)
    assert (reading.longest_run_max, reading.crossings_min) == (8, 8)
    # IHI runs table, n = 24: 8 to 18 runs (QI_REFERENCE 3.2)
    assert (reading.runs_lower, reading.runs_upper) == (8, 18)
    assert verdicts(reading) == {
        "Unusually long run": True,
        "Unusually few crossings": True,
        "Shift": True,
        "Trend": False,
        "Too few or too many runs": False,
    }
    long_run = reading.anhoej[0]
    assert long_run.points == tuple(range(1, 19))  # both runs of 9 are too long
    assert (
        "weeks 1 to 18 are in such runs" in long_run.sentence
        and "longer than 8" in long_run.sentence
    )
    assert any(
        "fewer than 8 runs" in r and "fewer than 8 crossings" in r for r in reading.disagreements()
    )


def test_run_of_eight_is_an_ihi_shift_but_not_an_anhoej_long_run():
    reading = read_run_chart([H] * 8 + [L] * 8 + [H, L] * 4)
    assert (reading.longest_run, reading.crossings) == (8, 9)
    assert reading.ihi_signal and not reading.anhoej_signal
    assert reading.agreement().startswith("The rule sets disagree: the IHI rules find a signal")
    assert any("The longest run, 8, passes the IHI rule" in r for r in reading.disagreements())


def test_points_on_the_median_are_not_useful():
    reading = read_run_chart([H] * 12 + [5.5] + [L] * 12)
    assert (reading.n_obs, reading.n_useful, reading.median) == (25, 24, 5.5)
    assert reading.crossings == 1


def test_zig_zag_has_too_many_runs_for_ihi_only():
    reading = read_run_chart([H, L] * 10)
    # IHI runs table, n = 20: 6 to 16 runs (Perla et al. 2011, Table 1); 20 runs is too many
    assert (reading.n_runs, reading.runs_lower, reading.runs_upper) == (20, 6, 16)
    assert verdicts(reading)["Too few or too many runs"] is True
    assert not reading.anhoej_signal
    assert "too many runs" in reading.ihi[2].sentence
    assert any("too many runs" in r for r in reading.disagreements())


def test_stable_series_agrees_on_no_signal():
    reading = read_run_chart([12, 9, 11, 14, 10, 13, 8, 12, 11, 15, 10, 9, 13, 11, 12, 10, 14, 9])
    assert not reading.anhoej_signal and not reading.ihi_signal
    assert reading.agreement() == "Both rule sets agree: no signal."
    assert reading.disagreements() == []


def test_trend_of_five_rising_points_is_ihi_only():
    values = [6, 4, 1, 2, 3, 4, 5, 3, 6, 4, 5, 3, 5, 4]  # weeks 3-7 rise 1, 2, 3, 4, 5
    reading = read_run_chart(values)
    trend = reading.ihi[1]
    assert trend.fired and trend.points[:5] == (3, 4, 5, 6, 7)
    assert any("no trend rule" in r for r in reading.disagreements())


@pytest.mark.parametrize(
    "text, words",
    [
        ("1, 2, 3", "at least 10 values; found 3"),
        ("1 2 3 4 5 x 7 8 9 10", "Value 6 ('x') is not a number"),
        (", ".join(["1"] * 61), "at most 60 values; found 61"),
        ("1 2 3 4 5 inf 7 8 9 10", "Value 6 ('inf') is not a usable number"),
    ],
)
def test_typing_mistakes_are_explained(text, words):
    with pytest.raises(DataError, match=words.replace("(", r"\(").replace(")", r"\)")):
        parse_values(text)


def test_values_may_be_separated_by_commas_spaces_or_lines():
    assert parse_values("1,2 3\n4;5 6 7 8 9 10") == [float(v) for v in range(1, 11)]
