"""SCORE exercises: respondents scored by hand from the survey CSV (QI_REFERENCE 6.2)."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from qikit.exercises import score as ex
from tests.exercises.helpers import assert_not_attempted, assert_right, assert_wrong

SURVEY = Path(__file__).resolve().parents[2] / "datasets" / "score_survey.csv"


def teamwork_before() -> dict[str, float]:
    """Each Laurel Ward respondent's Teamwork score, before wave: (mean - 1) x 25, reversed."""
    answers: dict[str, list[int]] = defaultdict(list)
    with open(SURVEY, newline="") as handle:
        for row in csv.DictReader(handle):
            if (row["ward_id"], row["wave"], row["domain"]) != ("W08", "before", "Teamwork"):
                continue
            if not row["response"].isdigit():
                continue
            value = int(row["response"])
            answers[row["respondent_id"]].append(
                6 - value if row["reverse_scored"] == "yes" else value
            )
    return {who: (sum(v) / len(v) - 1) * 25 for who, v in answers.items()}


def test_the_worked_example_follows_the_formula():
    assert ex.q1.expected == pytest.approx((13 / 3 - 1) * 25)


def test_percent_positive_counted_by_hand():
    scored = teamwork_before()
    positive = sum(s >= 75 for s in scored.values())
    assert (positive, len(scored)) == (11, 19)  # as the reasoning says
    assert ex.q2.expected == pytest.approx(100 * positive / len(scored))


def test_burnout_went_up_and_doctors_are_hidden():
    table = ex.results("Burnout Climate")
    total = table[table["role"] == "all staff"].set_index("wave")["percent"]
    assert total["after"] > total["before"]
    assert table.loc[table["role"] == "doctor", "suppressed"].all()
    assert table["respondents"][table["suppressed"]].isna().all()


@pytest.mark.parametrize("answer", [83.3, 83.33, "83.3"])
def test_q1_right(answer):
    assert_right(ex.q1, answer)


@pytest.mark.parametrize("answer", [66.7, 4.33, 108.3, 75, 100, "good"])
def test_q1_wrong(answer):
    assert_wrong(ex.q1, answer)


def test_q1_spots_the_unreversed_item():
    assert "reverse" in ex.q1.check(66.7).message


@pytest.mark.parametrize("answer", [57.9, 57.89, "57.9%"])
def test_q2_right(answer):
    assert_right(ex.q2, answer)


@pytest.mark.parametrize("answer", [70.6, 11, 55.6, 42.1, 0.579])
def test_q2_wrong(answer):
    assert_wrong(ex.q2, answer)


@pytest.mark.parametrize("name", ["q3", "q4", "q5"])
def test_choices_right(name):
    exercise = getattr(ex, name)
    assert_right(exercise, exercise.answer)


@pytest.mark.parametrize("name", ["q3", "q4", "q5"])
def test_choices_wrong(name):
    exercise = getattr(ex, name)
    for letter in exercise.options:
        if letter != exercise.answer:
            assert_wrong(exercise, letter)


def test_answers_of_the_choices():
    assert (ex.q3.answer, ex.q4.answer, ex.q5.answer) == ("b", "c", "b")


@pytest.mark.parametrize("exercise", list(ex.TOPIC.exercises.values()), ids=lambda q: q.name)
def test_not_attempted(exercise):
    assert_not_attempted(exercise)
