"""PDSA exercises: the log read from the CSV, and the plan checked by the PDSA coach."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from qikit.exercises import pdsa as ex
from tests.exercises.helpers import assert_not_attempted, assert_right, assert_wrong

PDSA_CSV = Path(__file__).resolve().parents[2] / "datasets" / "pdsa.csv"


def alder_rows() -> list[dict]:
    with open(PDSA_CSV, newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["ward_id"] == "W05"]


def test_alder_ward_adapted_three_times_then_adopted():
    decisions = [r["act"] for r in sorted(alder_rows(), key=lambda r: int(r["cycle"]))]
    assert decisions == ["adapt", "adapt", "adapt", "adopt"]
    assert ex.q2.expected == decisions.count("adapt")


def test_the_ramp_starts_with_one_nurse_and_ends_on_the_whole_ward():
    scales = list(ex.cycles()["scale"])
    assert scales[0] == "one nurse on one shift" and scales[-1] == "every shift, the whole ward"


@pytest.mark.parametrize("answer", ["a", "In the Plan, before the test is run."])
def test_q1_right(answer):
    assert_right(ex.q1, answer)


@pytest.mark.parametrize("answer", ["b", "c", "d", "plan"])
def test_q1_wrong(answer):
    assert_wrong(ex.q1, answer)


@pytest.mark.parametrize("answer", [3, "3"])
def test_q2_right(answer):
    assert_right(ex.q2, answer)


@pytest.mark.parametrize("answer", [4, 1, 0, 2, "adapt"])
def test_q2_wrong(answer):
    assert_wrong(ex.q2, answer)


@pytest.mark.parametrize("answer", ["c", "C"])
def test_q3_right(answer):
    assert_right(ex.q3, answer)


@pytest.mark.parametrize("answer", ["a", "b", "d"])
def test_q3_wrong(answer):
    assert_wrong(ex.q3, answer)


@pytest.mark.parametrize(
    "changes",
    [{}, {"scale": "one_person"}, {"scale": "one shift"}, {"prediction": "Most will join."}],
)
def test_q4_right(changes):
    assert_right(ex.q4, dict(ex.EXAMPLE_PLAN, **changes))


@pytest.mark.parametrize(
    "changes, says",
    [
        ({"scale": "one_ward"}, "Start smaller"),
        ({"scale": "whole_service"}, "Start smaller"),
        ({"prediction": ...}, "Predict what will happen"),
        ({"question": ...}, "Write the question"),
        ({"plan_when": "", "plan_who": ...}, "does not yet say who, when"),
        ({"data_what": ...}, "Plan the data"),
        ({"scale": ...}, "Record the scale"),
        ({"scale": "a small one"}, "is not one of"),
        ({"budget": "£50"}, "has no part called"),
    ],
)
def test_q4_wrong(changes, says):
    answer = dict(ex.EXAMPLE_PLAN, **changes)
    assert_wrong(ex.q4, answer)
    assert says in ex.q4.check(answer).message


def test_q4_needs_the_dictionary():
    message = ex.q4.check("Run a group on Tuesday").message
    assert "Answer with the parts in curly brackets" in message and "a piece of text" in message


@pytest.mark.parametrize("exercise", list(ex.TOPIC.exercises.values()), ids=lambda q: q.name)
def test_not_attempted(exercise):
    assert_not_attempted(exercise)


def test_the_blank_plan_is_not_attempted():
    assert ex.q4.check({k: ... for k in ex.PLAN_KEYS}).status == "not attempted"
