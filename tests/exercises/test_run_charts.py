"""Run chart exercises: reference values worked out here by hand, not by the SPC engine."""

from __future__ import annotations

import statistics

import pytest

from qikit.exercises import run_charts as ex
from tests.exercises.helpers import assert_not_attempted, assert_right, assert_wrong


def values() -> list[float]:
    table = ex.data()
    return list(table["on_time_pct"])


def sides(points: list[float], centre: float) -> list[int]:
    return [1 if v > centre else -1 for v in points if v != centre]


def test_the_data_are_magnolia_ward_weeks_41_to_64():
    table = ex.data()
    assert list(table["week"]) == list(range(41, 65))
    first = table.iloc[0]
    assert first["on_time_pct"] == pytest.approx(
        100 * first["observations_on_time"] / first["observations_due"]
    )


def test_the_median_is_the_middle_of_the_sorted_values():
    ordered = sorted(values())
    assert ex.q1.expected == pytest.approx((ordered[11] + ordered[12]) / 2)
    assert ex.q1.expected == pytest.approx(statistics.median(values()))


def test_the_runs_are_counted_by_crossings_of_the_median():
    s = sides(values(), statistics.median(values()))
    crossings = sum(a != b for a, b in zip(s, s[1:], strict=False))
    assert ex.q2.expected == crossings + 1 == 2


def test_the_shift_after_the_change_starts_where_the_longest_run_above_starts():
    table = ex.data()
    centre = statistics.median(values())
    above = [w for w, v in zip(table["week"], table["on_time_pct"], strict=False) if v > centre]
    after = [w for w in above if w >= ex.CHANGE_WEEK]
    # the points above the median after the change form one unbroken run of at least 6
    assert after == list(range(after[0], 65)) and len(after) >= 6
    assert ex.q4.first_point == after[0] == 53


def test_two_runs_is_below_the_runs_table_for_24_points():
    # QI_REFERENCE 3.2: 24 useful observations -> 8 to 18 runs
    assert ex.q2.expected < 8
    assert "between 8 and 18" in ex.q3.prompt


@pytest.mark.parametrize("answer", [92.4, "92.4", "92.4%", 92.39954, 92.44])
def test_q1_right(answer):
    assert_right(ex.q1, answer)


@pytest.mark.parametrize("answer", [89.67, 89.7, 92.5, 0, "ninety", "", [92.4], True])
def test_q1_wrong(answer):
    if answer == "":
        assert ex.q1.check(answer).status == "not attempted"
        return
    assert_wrong(ex.q1, answer)


def test_q1_names_the_mean_mistake():
    assert "mean" in ex.q1.check(89.67).message


@pytest.mark.parametrize("answer", [2, "2", 2.0])
def test_q2_right(answer):
    assert_right(ex.q2, answer)


@pytest.mark.parametrize("answer", [1, 3, 12, 24, "two runs"])
def test_q2_wrong(answer):
    assert_wrong(ex.q2, answer)


@pytest.mark.parametrize("answer", ["b", "B", "(b)", ex.q3.options["b"]])
def test_q3_right(answer):
    assert_right(ex.q3, answer)


@pytest.mark.parametrize("answer", ["a", "c", "d", "e", "too few"])
def test_q3_wrong(answer):
    assert_wrong(ex.q3, answer)


@pytest.mark.parametrize(
    "answer",
    [
        {"signal": "yes", "rule": "shift", "week": 53},
        {"signal": True, "rule": "Shift", "week": "53"},
        {"signal": "y", "rule": "run of points", "week": 53.0},
    ],
)
def test_q4_right(answer):
    assert_right(ex.q4, answer)


@pytest.mark.parametrize(
    "answer",
    [
        {"signal": "no"},
        {"signal": "yes", "rule": "trend", "week": 58},
        {"signal": "yes", "rule": "shift", "week": 49},
        {"signal": "yes", "rule": "shift", "week": 54},
        {"signal": "yes", "rule": "runs", "week": 53},
        {"signal": "yes", "rule": "wobble", "week": 53},
        {"signal": "maybe", "rule": "shift", "week": 53},
        {"signal": "yes", "rule": "shift"},
        "shift at 53",
    ],
)
def test_q4_wrong(answer):
    assert_wrong(ex.q4, answer)


def test_q4_accepts_keyword_answers():
    assert ex.q4.check(signal="yes", rule="shift", week=53).correct


@pytest.mark.parametrize("exercise", [ex.q1, ex.q2, ex.q3, ex.q4], ids=lambda q: q.name)
def test_not_attempted(exercise):
    assert_not_attempted(exercise)
