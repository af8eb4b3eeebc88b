"""SPC interpretation exercises: the p chart worked out by hand (QI_REFERENCE 4.2 and 5)."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from qikit.exercises import spc_interpretation as ex
from tests.exercises.helpers import assert_not_attempted, assert_right, assert_wrong

WEEKLY = Path(__file__).resolve().parents[2] / "datasets" / "weekly.csv"


def iris_weeks() -> list[tuple[int, int, int]]:
    with open(WEEKLY, newline="") as handle:
        rows = [
            (int(r["week"]), int(r["huddles_held"]), int(r["shifts"]))
            for r in csv.DictReader(handle)
            if r["ward_id"] == "W14" and int(r["week"]) <= 52
        ]
    return sorted(rows)


def by_hand() -> dict[str, float]:
    """p-bar pooled over the baseline; limits p-bar ± 3 sqrt(p-bar (1 - p-bar) / n)."""
    base = [r for r in iris_weeks() if r[0] <= 34]
    held, shifts = sum(r[1] for r in base), sum(r[2] for r in base)
    p = held / shifts
    n = base[0][2]
    sigma = math.sqrt(p * (1 - p) / n)
    return {"held": held, "shifts": shifts, "mean": 100 * p, "ucl": 100 * (p + 3 * sigma),
            "lcl": 100 * (p - 3 * sigma)}  # fmt: skip


def test_baseline_mean_and_limits_match_the_formulas():
    hand = by_hand()
    assert (hand["held"], hand["shifts"]) == (369, 714)  # as the reasoning says
    assert {r[2] for r in iris_weeks()} == {21}  # every week has 21 shifts
    assert ex.q1.expected == pytest.approx(hand["mean"])
    limits = ex.limits()
    assert limits["upper limit"] == pytest.approx(hand["ucl"])
    assert limits["lower limit"] == pytest.approx(hand["lcl"])


def test_seven_points_above_the_mean_from_week_35():
    mean = by_hand()["mean"]
    after = [(w, 100 * h / s) for w, h, s in iris_weeks() if w >= 35]
    assert all(pct > mean for _, pct in after)
    before = [100 * h / s for w, h, s in iris_weeks() if w == 34]
    assert before[0] < mean  # the run starts in week 35, not earlier
    assert ex.q2.first_point == 35 and len(after) >= 7


def test_first_point_above_the_upper_limit_is_week_42():
    ucl = by_hand()["ucl"]
    above = [w for w, h, s in iris_weeks() if 100 * h / s > ucl]
    assert above[0] == ex.q3.expected == 42


def test_the_icons_agree_with_the_rules():
    summary = ex.result().summary.iloc[0]
    assert summary["variation_icon"] == "improvement_high"  # answer (b)
    assert ex.TARGET > by_hand()["ucl"] and summary["assurance"] == "fail"  # answer (c)
    assert ex.q4.answer == "b" and ex.q5.answer == "c"


@pytest.mark.parametrize("answer", [51.7, 51.68, "51.7%"])
def test_q1_right(answer):
    assert_right(ex.q1, answer)


@pytest.mark.parametrize("answer", [0.5168, 51.8, 58.5, 100, "half"])
def test_q1_wrong(answer):
    assert_wrong(ex.q1, answer)


@pytest.mark.parametrize(
    "answer",
    [{"signal": "yes", "rule": "shift", "week": 35}, {"signal": "Yes", "rule": "run", "week": 35}],
)
def test_q2_right(answer):
    assert_right(ex.q2, answer)


@pytest.mark.parametrize(
    "answer",
    [
        {"signal": "no"},
        {"signal": "yes", "rule": "outside limits", "week": 42},
        {"signal": "yes", "rule": "two of three", "week": 41},
        {"signal": "yes", "rule": "shift", "week": 41},
        {"signal": "yes", "rule": "trend", "week": 35},
        {"signal": "yes", "rule": "shift", "week": 34},
    ],
)
def test_q2_wrong(answer):
    assert_wrong(ex.q2, answer)


@pytest.mark.parametrize("answer", [42, "42", "week 42"])
def test_q3_right(answer):
    assert_right(ex.q3, answer)


@pytest.mark.parametrize("answer", [35, 49, 41, 43, "the week after 41 or 48"])
def test_q3_wrong(answer):
    assert_wrong(ex.q3, answer)


@pytest.mark.parametrize("answer", ["a", "c", "d"])
def test_q4_wrong(answer):
    assert_wrong(ex.q4, answer)


@pytest.mark.parametrize("answer", ["a", "b", "d"])
def test_q5_wrong(answer):
    assert_wrong(ex.q5, answer)


@pytest.mark.parametrize("exercise", [ex.q4, ex.q5], ids=lambda q: q.name)
def test_icons_right(exercise):
    assert_right(exercise, exercise.answer)


@pytest.mark.parametrize("exercise", list(ex.TOPIC.exercises.values()), ids=lambda q: q.name)
def test_not_attempted(exercise):
    assert_not_attempted(exercise)
