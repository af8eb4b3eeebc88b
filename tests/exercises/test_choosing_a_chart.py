"""Choosing-a-chart exercises, against the table in QI_REFERENCE 4.1 and qikit.choose_chart."""

from __future__ import annotations

import pytest

from qikit.exercises import choosing_a_chart as ex
from qikit.improve import choose_chart
from tests.exercises.helpers import assert_not_attempted, assert_right, assert_wrong

# QI_REFERENCE 4.1: the chart for each kind of data, written out here from the table.
TABLE = {"q1": "u", "q2": "p", "q4": "t", "q5": "run"}


@pytest.mark.parametrize("name, chart", TABLE.items())
def test_answers_follow_the_reference_table(name, chart):
    assert getattr(ex, name).answer == chart


def test_answers_agree_with_the_chart_chooser():
    assert choose_chart("rate", varying_exposure=True).chart == ex.q1.answer
    assert choose_chart("percentage").chart == ex.q2.answer
    assert choose_chart("time between").chart == ex.q4.answer
    assert choose_chart("average", points=8).chart == ex.q5.answer


def test_falls_are_rare_on_birch_ward():
    weekly = list(ex.falls()["falls"])
    assert len(weekly) == 26
    assert ex.q3.expected == sum(1 for f in weekly if f == 0) == 20


@pytest.mark.parametrize("name", TABLE)
def test_right(name):
    exercise = getattr(ex, name)
    assert_right(exercise, exercise.answer)
    assert_right(exercise, exercise.answer.upper())


@pytest.mark.parametrize("name", TABLE)
def test_every_other_chart_is_wrong(name):
    exercise = getattr(ex, name)
    for code in ex.CHARTS:
        if code != exercise.answer:
            assert_wrong(exercise, code)
    assert_wrong(exercise, "pie chart")


@pytest.mark.parametrize("answer", [20, "20"])
def test_q3_right(answer):
    assert_right(ex.q3, answer)


@pytest.mark.parametrize("answer", [6, 26, 0, 19, "most"])
def test_q3_wrong(answer):
    assert_wrong(ex.q3, answer)


@pytest.mark.parametrize("exercise", list(ex.TOPIC.exercises.values()), ids=lambda q: q.name)
def test_not_attempted(exercise):
    assert_not_attempted(exercise)
