"""Measures exercises: roles from the family of measures, definitions from the measure coach."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qikit.exercises import measures as ex
from tests.exercises.helpers import assert_not_attempted, assert_right, assert_wrong

WEEKLY = Path(__file__).resolve().parents[2] / "datasets" / "weekly.csv"


def test_the_rate_is_worked_out_from_the_csv():
    incidents = bed_days = 0
    with open(WEEKLY, newline="") as handle:
        for row in csv.DictReader(handle):
            if row["ward_id"] == "W04" and int(row["week"]) <= 4:
                incidents += int(row["violence_incidents"])
                bed_days += int(row["occupied_bed_days"])
    assert (incidents, bed_days) == (10, 511)  # as the reasoning says
    assert ex.q4.expected == pytest.approx(1000 * incidents / bed_days)


@pytest.mark.parametrize("answer", ["b", "Process measure"])
def test_q1_right(answer):
    assert_right(ex.q1, answer)


@pytest.mark.parametrize("answer", ["a", "c", "d", "process"])
def test_q1_wrong(answer):
    assert_wrong(ex.q1, answer)


@pytest.mark.parametrize("answer", ["c", "balancing measure"])
def test_q2_right(answer):
    assert_right(ex.q2, answer)


@pytest.mark.parametrize("answer", ["a", "b", "x"])
def test_q2_wrong(answer):
    assert_wrong(ex.q2, answer)


@pytest.mark.parametrize(
    "changes", [{}, {"chart_type": "U"}, {"multiplier": "1000"}, {"chart_type": "run"}]
)
def test_q3_right(changes):
    assert_right(ex.q3, dict(ex.EXAMPLE_DEFINITION, **changes))


@pytest.mark.parametrize(
    "changes, says",
    [
        ({"denominator": ...}, "needs a denominator"),
        ({"numerator": ""}, "needs a numerator"),
        ({"multiplier": ...}, "needs a multiplier"),
        ({"inclusions": ..., "exclusions": ...}, "included and excluded"),
        ({"who_collects": ..., "how_often": ...}, "who collects them, how often"),
        ({"sampling": ...}, "every case or a sample"),
        ({"chart_type": "p"}, "does not fit a rate"),
        ({"chart_type": ...}, "Choose a chart type"),
        ({"chart_type": "pie"}, "chart_type"),
        ({"colour": "blue"}, "no part called"),
    ],
)
def test_q3_wrong(changes, says):
    answer = dict(ex.EXAMPLE_DEFINITION, **changes)
    assert_wrong(ex.q3, answer)
    message = ex.q3.check(answer).message
    assert says in message
    assert "U chart" not in message


@pytest.mark.parametrize("answer", [19.6, 19.57, "19.6"])
def test_q4_right(answer):
    assert_right(ex.q4, answer)


@pytest.mark.parametrize("answer", [10, 0.0196, 19.7, 20, 5.1])
def test_q4_wrong(answer):
    assert_wrong(ex.q4, answer)


@pytest.mark.parametrize("exercise", list(ex.TOPIC.exercises.values()), ids=lambda q: q.name)
def test_not_attempted(exercise):
    assert_not_attempted(exercise)
