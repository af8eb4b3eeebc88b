"""Marking the trainer's answers against the ground truth of qikit.data.series."""

from __future__ import annotations

import json

import pytest

from qikit.errors import DataError
from qikit.teaching import trainer as t


def first(level: int, pattern: str) -> t.Question:
    """The first question of a level with the given pattern (questions are fixed by the seed)."""
    for number in range(1, 60):
        q = t.question(level, number)
        if q.pattern == pattern:
            return q
    raise AssertionError(f"no {pattern} question in level {level}")


def test_questions_are_the_same_for_the_same_seed_and_follow_the_level():
    a, b = t.question(2, 3), t.question(2, 3)
    assert (a.pattern, a.start) == (b.pattern, b.start)
    assert a.result.points["y"].tolist() == b.result.points["y"].tolist()
    assert {t.question(3, n).chart for n in range(1, 9)} <= {"p", "u"}
    assert {t.question(1, n).chart for n in range(1, 5)} == {"run"}


@pytest.mark.parametrize("level", [1, 2, 3])
def test_the_chart_rules_agree_with_the_ground_truth(level):
    for number in range(1, 13):
        q = t.question(level, number)
        if q.has_signal:
            assert q.found_rules, f"level {level} question {number}: {q.pattern} not found"
        else:
            assert q.found_rules == frozenset(), f"level {level} question {number}: false alarm"


def test_stable_chart_right_only_for_no_signal():
    q = first(1, "stable")
    right = t.mark(q, t.Answer(signal=False))
    assert right.verdict == "right" and "tampering" in right.feedback
    wrong = t.mark(q, t.Answer(signal=True, rule="long_run", where=5))
    assert wrong.verdict == "wrong" and "no signal here" in wrong.feedback


def test_shift_right_partly_right_and_wrong():
    q = first(1, "shift")
    assert q.expected_signal == "shift" and q.start is not None
    assert t.mark(q, t.Answer(True, "long_run", q.start)).verdict == "right"
    assert t.mark(q, t.Answer(True, "long_run", q.start + 2)).verdict == "right"  # near enough
    late = t.mark(q, t.Answer(True, "long_run", q.start + 5))
    assert late.verdict == "partly right"
    assert f"the change starts at point {q.start}, not point {q.start + 5}" in late.feedback
    wrong_rule = t.mark(q, t.Answer(True, "outside_limits", q.start))
    assert (
        wrong_rule.verdict == "partly right"
        and "not a point outside the limits" in wrong_rule.feedback
    )
    missed = t.mark(q, t.Answer(False))
    assert missed.verdict == "wrong" and "There is a signal" in missed.feedback


def test_outlier_must_be_found_at_its_point():
    q = first(2, "outlier")
    assert q.accepted_rules == {"outside_limits"}
    assert t.mark(q, t.Answer(True, "outside_limits", q.start)).verdict == "right"
    assert t.mark(q, t.Answer(True, "outside_limits", q.start + 1)).verdict == "partly right"
    assert t.mark(q, t.Answer(True, "long_run", q.start)).verdict == "partly right"


def test_patterns_over_the_whole_chart_are_not_judged_on_where():
    q = first(1, "cyclic")
    assert q.expected_signal == "few_crossings"
    assert t.mark(q, t.Answer(True, "few_crossings", 20)).verdict == "right"
    q = first(1, "trend")
    assert "trend" in q.accepted_rules
    assert t.mark(q, t.Answer(True, "trend", 3)).verdict == "right"


def test_unknown_rule_and_level_are_refused_in_words():
    with pytest.raises(DataError, match="levels 1, 2 and 3; found 4"):
        t.question(4, 1)
    with pytest.raises(DataError, match="The rule should be one of"):
        t.mark(first(1, "shift"), t.Answer(True, "gut feeling", 3))


def test_score_and_misread_patterns():
    progress = t.TrainerProgress("AB")
    for pattern, verdict in [
        ("shift", "right"),
        ("shift", "partly right"),
        ("stable", "wrong"),
        ("stable", "wrong"),
        ("stable", "right"),
        ("trend", "right"),
    ]:
        progress.answers.append(
            {
                "level": 1,
                "number": len(progress.answers) + 1,
                "pattern": pattern,
                "verdict": verdict,
            }
        )
    assert progress.score() == (3.5, 6)
    assert progress.misreads() == [
        "You misread 2 of 3 charts with only common-cause variation.",
        "You misread 1 of 2 shifts.",
    ]
    assert progress.next_number == 7


def test_progress_is_kept_in_the_workspace_folder(tmp_path):
    progress = t.TrainerProgress("Anna B", level=2)
    q = first(2, "stable")
    progress.record(q, t.mark(q, t.Answer(False)))
    path = t.save_progress(progress, tmp_path)
    assert path == tmp_path / "trainer" / "anna-b.json"
    again = t.load_progress(tmp_path, "Anna B")
    assert again.level == 2 and again.answers == progress.answers
    assert t.load_progress(tmp_path, "someone new").answers == []
    path.write_text("{not json")
    with pytest.raises(DataError, match="could not be read"):
        t.load_progress(tmp_path, "Anna B")
    path.write_text(json.dumps({"answers": [{"level": "x"}]}))
    with pytest.raises(DataError, match="start again from level 1"):
        t.load_progress(tmp_path, "Anna B")
    with pytest.raises(DataError, match="Type your name"):
        t.progress_path(tmp_path, "  !! ")
