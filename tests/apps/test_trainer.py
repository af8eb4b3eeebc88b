"""The interpretation trainer, driven headless: answer, see the correct reading, keep progress."""

from __future__ import annotations

from qikit.apps import trainer
from qikit.teaching import trainer as t


def spec(app) -> dict:
    return app.view.jupyter_chart.chart.to_dict()


def answer_rightly(app) -> None:
    q = app.question
    if not q.has_signal:
        app.signal.value = False
    else:
        app.signal.value = True
        app.rule.value = sorted(q.accepted_rules)[0]
        app.where.value = q.start or 1
    app.check.click()


def test_question_chart_hides_the_answer_until_checked(tmp_path):
    app = trainer.app(tmp_path)
    assert "<h1" not in app.children[0].value  # the workbook draws the title block
    first = spec(app)
    assert first["title"]["subtitle"] == "Is there a signal?"
    assert "special_cause" not in str(first) and "began" not in str(first)
    answer_rightly(app)
    assert app.last_verdict == "right" and "Right." in app.feedback.value
    assert "the correct reading" in spec(app)["title"]["text"]
    assert app.next.disabled is False and app.check.disabled is True


def test_wrong_answer_gets_feedback_with_the_change_marked(tmp_path):
    app = trainer.app(tmp_path)
    while app.question.pattern != "shift":
        app.signal.value = False
        app.check.click()
        app.next.click()
    start = app.question.start
    app.signal.value = False
    app.check.click()
    assert app.last_verdict == "wrong" and "There is a signal" in app.feedback.value
    assert f"The change began (point {start})" in str(spec(app))
    assert "You misread 1 of 1 shifts." in app.summary.value


def test_missing_choices_are_asked_for_in_words(tmp_path):
    app = trainer.app(tmp_path)
    app.check.click()
    assert "choose yes or no" in app.errors.value
    app.signal.value = True
    app.check.click()
    assert "choose which rule shows it" in app.errors.value
    assert app.answered == 0


def test_levels_change_the_kind_of_chart(tmp_path):
    app = trainer.app(tmp_path)
    app.level.value = 3
    assert app.question.chart in ("p", "u") and app.question.level == 3
    assert "chart with limits" in spec(app)["title"]["text"]


def test_progress_is_saved_by_name_and_picked_up_again(tmp_path):
    app = trainer.app(tmp_path)
    app.learner.value = "AB"
    answer_rightly(app)
    app.next.click()
    app.signal.value = not app.question.has_signal  # a wrong answer
    if app.signal.value:
        app.rule.value = "trend"
    app.check.click()
    assert app.answered == 2 and app.score == 1.0
    assert "Progress saved" in app.saved.value
    again = trainer.app(tmp_path)
    again.learner.value = "AB"
    assert again.answered == 2 and again.score == 1.0
    assert "Welcome back, AB: 2 answers so far" in again.saved.value
    assert again.question.number == 3
    assert t.load_progress(tmp_path, "AB").answers[0]["verdict"] == "right"
