"""Driver diagram exercises: the coach's rules decide the link exercise."""

from __future__ import annotations

import pytest

from qikit.exercises import driver_diagrams as ex
from tests.exercises.helpers import assert_not_attempted, assert_right, assert_wrong


def test_the_diagram_has_one_loose_idea_and_one_driver_with_nothing_to_test():
    d = ex.diagram()
    loose = [c.text for c in d.change_ideas if not c.drivers]
    assert loose == [ex.UNLINKED_IDEA]
    empty = [s.text for p in d.primary for s in p.secondary if not d.ideas_for(s.id)]
    assert empty == ["Less noise and crowding at busy times"]
    assert "s5" in set(ex.drivers_table()["id"])


def test_changing_a_copy_leaves_the_exercise_diagram_alone():
    d = ex.diagram()
    d.link(d.change_ideas[-1].id, "s5")
    assert not ex.diagram().change_ideas[-1].drivers


@pytest.mark.parametrize("answer", ["b", "(b)"])
def test_q1_right(answer):
    assert_right(ex.q1, answer)


@pytest.mark.parametrize("answer", ["a", "c", "d", "primary"])
def test_q1_wrong(answer):
    assert_wrong(ex.q1, answer)


@pytest.mark.parametrize("answer", ["b", "Daily patient-led community meeting"])
def test_q2_right(answer):
    assert_right(ex.q2, answer)


@pytest.mark.parametrize("answer", ["a", "c", "d"])
def test_q2_wrong(answer):
    assert_wrong(ex.q2, answer)


@pytest.mark.parametrize("answer", ["s5", "S5", "Less noise and crowding at busy times"])
def test_q3_right(answer):
    assert_right(ex.q3, answer)


@pytest.mark.parametrize("answer", ["s1", "s2", "s3", "s4", "p3", "p1", "c5", "the quiet room"])
def test_q3_wrong(answer):
    assert_wrong(ex.q3, answer)
    message = ex.q3.check(answer).message
    assert "Less noise" not in message and "s5" not in message


def test_q3_linking_to_the_primary_driver_asks_for_the_secondary():
    assert "linked only to a primary driver" in ex.q3.check("p3").message


@pytest.mark.parametrize(
    "answer", ["c", "% of patients who took part in the community meeting each week"]
)
def test_q4_right(answer):
    assert_right(ex.q4, answer)


@pytest.mark.parametrize("answer", ["a", "b", "d"])
def test_q4_wrong(answer):
    assert_wrong(ex.q4, answer)


@pytest.mark.parametrize("exercise", list(ex.TOPIC.exercises.values()), ids=lambda q: q.name)
def test_not_attempted(exercise):
    assert_not_attempted(exercise)
