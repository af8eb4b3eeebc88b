"""Aim exercises: reference numbers worked out here from the CSV file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qikit.exercises import aims as ex
from tests.exercises.helpers import assert_not_attempted, assert_right, assert_wrong

WEEKLY = Path(__file__).resolve().parents[2] / "datasets" / "weekly.csv"


def willow_before_change() -> tuple[int, int]:
    episodes = bed_days = 0
    with open(WEEKLY, newline="") as handle:
        for row in csv.DictReader(handle):
            if row["ward_id"] == "W01" and int(row["week"]) < 38:
                episodes += int(row["restraint_episodes"])
                bed_days += int(row["occupied_bed_days"])
    return episodes, bed_days


def test_baseline_is_the_pooled_rate_from_the_csv():
    episodes, bed_days = willow_before_change()
    assert (episodes, bed_days) == (100, 4526)  # as the reasoning says
    assert ex.q3.expected == pytest.approx(1000 * episodes / bed_days)
    assert f"{ex.q3.expected:.1f}" == "22.1"


def test_target_is_sixty_percent_of_the_baseline():
    episodes, bed_days = willow_before_change()
    assert ex.q4.expected == pytest.approx(0.6 * 1000 * episodes / bed_days)
    assert f"{ex.q4.expected:.1f}" == "13.3"


@pytest.mark.parametrize("answer", ["b", "What are we trying to accomplish?"])
def test_q1_right(answer):
    assert_right(ex.q1, answer)


@pytest.mark.parametrize("answer", ["a", "c", "d", "aim"])
def test_q1_wrong(answer):
    assert_wrong(ex.q1, answer)


@pytest.mark.parametrize("answer", ["c", " C "])
def test_q2_right(answer):
    assert_right(ex.q2, answer)


@pytest.mark.parametrize("answer", ["a", "b", "d", 3])
def test_q2_wrong(answer):
    assert_wrong(ex.q2, answer)


@pytest.mark.parametrize("answer", [22.1, 22.09, "22.1", 22.0945])
def test_q3_right(answer):
    assert_right(ex.q3, answer)


@pytest.mark.parametrize("answer", [100, 0.0221, 22.2, 21.5, 4526, "a lot"])
def test_q3_wrong(answer):
    assert_wrong(ex.q3, answer)


@pytest.mark.parametrize("answer", [13.3, 13.26, "13.25"])
def test_q4_right(answer):
    assert_right(ex.q4, answer)


@pytest.mark.parametrize("answer", [8.8, -17.9, 22.1, 13.5, 12, "60%"])
def test_q4_wrong(answer):
    assert_wrong(ex.q4, answer)


@pytest.mark.parametrize(
    "answer",
    [
        ex.EXAMPLE_AIM,
        "Reduce restraint for patients on Willow Ward from 22 to 13 per 1,000 occupied bed days "
        "by March 2026",
        "By 31/03/2026, reduce restraint of adults on Willow Ward from 22.1 to 13.3 per 1,000 "
        "bed days.",
    ],
)
def test_q5_right(answer):
    assert_right(ex.q5, answer)


@pytest.mark.parametrize(
    "answer, says",
    [
        ("Reduce restraint.", "Some is not a number"),
        ("Reduce restraint by 40% by March 2026.", "who will benefit"),
        ("Reduce restraint on Willow Ward by 40% by 31 March 2026 for all patients", "baseline"),
        ("We will reduce restraint for patients on Willow Ward soon", "Soon is not a time"),
        ("Improve safety for patients on Willow Ward", "not measurable"),
    ],
)
def test_q5_wrong(answer, says):
    assert_wrong(ex.q5, answer)
    assert says in ex.q5.check(answer).message


@pytest.mark.parametrize("exercise", list(ex.TOPIC.exercises.values()), ids=lambda q: q.name)
def test_not_attempted(exercise):
    assert_not_attempted(exercise)
