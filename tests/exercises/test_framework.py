"""The exercise framework: outcomes, hints, solutions, progress, widgets and topics."""

from __future__ import annotations

import json

import pytest

from qikit.errors import DataError
from qikit.exercises import (
    CORRECT,
    INCORRECT,
    NOT_ATTEMPTED,
    ChartReading,
    Computed,
    MultipleChoice,
    Numeric,
    Outcome,
    PlanCheck,
    Topic,
    progress_summary,
)
from qikit.exercises import progress as book
from qikit.exercises.kinds import as_number, letters, not_answered, rule_named
from qikit.exercises.summary import summary_rows
from qikit.exercises.topics import Text
from qikit.improve import Aim


def numeric(**kw) -> Numeric:
    values = dict(
        title="Beds",
        prompt="How many beds?",
        hints=["Count them.", "Look at wards.csv."],
        reasoning="There are 20 beds.\n\nMore detail.",
        solution_code="answer = 20\n{q}.check(answer)",
        answer=20,
        tolerance=0.5,
        units="beds",
        decimals=0,
    )
    values.update(kw)
    exercise = Numeric(**values)
    exercise.name, exercise.topic = "q1", "demo"
    return exercise


@pytest.mark.parametrize("blank", [..., None, "", "   ", {"signal": ..., "rule": ...}])
def test_blank_answers_are_not_attempted(blank):
    assert not_answered(blank)
    outcome = numeric().check(blank)
    assert outcome.status == NOT_ATTEMPTED and not outcome
    assert "No answer yet" in outcome.message and "..." not in outcome.message


@pytest.mark.parametrize("given", [0, "0", 20.4, {"signal": "yes"}])
def test_real_answers_are_attempted(given):
    assert not not_answered(given)


@pytest.mark.parametrize(
    "text, expected",
    [("12", 12.0), (" 12.5% ", 12.5), ("1,000", 1000.0), (3, 3.0), ("week 42", 42.0)],
)
def test_numbers_are_read_as_a_learner_writes_them(text, expected):
    assert as_number(text) == expected


@pytest.mark.parametrize("text", ["twelve", "12 or 13", True, float("nan"), [1], None])
def test_not_numbers_say_what_was_given(text):
    with pytest.raises(DataError, match="should be a number"):
        as_number(text)


def test_outcome_shows_as_plain_text_and_html():
    outcome = Outcome(INCORRECT, "Too low.\n\n- one\n- two", "demo.q1")
    assert str(outcome).startswith("Not quite.")
    page = outcome._repr_html_()
    assert 'role="status"' in page and "<li>one</li>" in page and "<strong>Not quite" in page
    assert Outcome(CORRECT, "<b>x</b>")._repr_html_().count("&lt;b&gt;") == 1


def test_hints_come_one_after_another_then_repeat_the_last():
    q = numeric()
    shown = [q.hint() for _ in range(3)]
    assert [h.heading for h in shown] == ["Hint 1 of 2", "Hint 2 of 2", "Hint 2 of 2"]
    assert shown[0].text == "Count them." and shown[2].text == "Look at wards.csv."


def test_solution_gives_the_answer_and_the_reasoning():
    note = numeric().solution()
    assert "20 beds" in note.text and "More detail." in note.text


def test_numeric_tolerance_and_direction():
    q = numeric()
    assert q.check(20.5).status == CORRECT
    assert "too high" in q.check(21).message
    assert "too low" in q.check(19).message


def test_a_common_mistake_gets_its_own_message():
    q = numeric(mistakes=[(40, "You counted each bed twice.")])
    assert q.check(40).message == "You counted each bed twice."


def test_computed_answer_comes_from_the_data_once():
    calls = []

    def compute():
        calls.append(1)
        return 7.25

    q = Computed(
        title="t",
        prompt="p",
        hints=[],
        reasoning="r",
        solution_code="",
        compute=compute,
        tolerance=0.01,
    )
    assert q.check(7.25).correct and q.check(7.26).correct and not q.check(7.3).correct
    assert len(calls) == 1


def test_multiple_choice_needs_its_answer_among_the_options():
    with pytest.raises(DataError):
        MultipleChoice(
            title="t",
            prompt="p",
            hints=[],
            reasoning="r",
            solution_code="",
            options=letters(["x", "y"]),
            answer="c",
        )


def test_multiple_choice_says_how_to_answer_when_the_letter_is_unknown():
    q = MultipleChoice(
        title="t",
        prompt="p",
        hints=[],
        reasoning="r",
        solution_code="",
        options=letters(["x", "y"]),
        answer="b",
    )
    assert 'Answer with one of the options: "a", "b".' == q.check("z").message


@pytest.mark.parametrize(
    "words, rule",
    [("Shift", "shift"), ("2 of 3", "two of three"), ("too-few runs", "runs"), ("x", None)],
)
def test_rule_names(words, rule):
    assert rule_named(words) == rule


def test_chart_reading_with_no_signal_needs_only_no():
    q = ChartReading(
        title="t",
        prompt="p",
        hints=[],
        reasoning="Common cause only.",
        solution_code="",
        signal=False,
    )
    assert q.check({"signal": "no"}).correct
    assert not q.check({"signal": "yes", "rule": "shift", "week": 3}).correct


def test_chart_reading_rejects_unknown_rule_names():
    with pytest.raises(DataError):
        ChartReading(
            title="t", prompt="p", hints=[], reasoning="", solution_code="", rules=("wiggle",)
        )


def aim_exercise() -> PlanCheck:
    return PlanCheck(
        title="Aim",
        prompt="Write an aim.",
        hints=[],
        reasoning="Good.",
        solution_code="",
        build=Aim.from_text,
        example="Reduce restraint on Willow Ward from 12 to 6 per 1,000 "
        "occupied bed days for adults by 31 March 2027.",
        what="aim",
    )


def test_plan_check_uses_the_aim_feedback():
    q = aim_exercise()
    assert q.check(q.example).correct
    outcome = q.check("Improve safety.")
    assert outcome.status == INCORRECT
    assert "Some is not a number" in outcome.message or "by when" in outcome.message.lower()


def test_progress_is_recorded_in_the_workspace_folder(own_workspace):
    q = numeric()
    q.check(...)
    q.check(3)
    q.hint()
    q.check(20)
    q.check(3)
    entry = book.read()["demo.q1"]
    assert entry["attempts"] == 3 and entry["hints"] == 1
    assert entry["done"] is True and entry["status"] == INCORRECT
    saved = json.loads((own_workspace / "exercise-progress.json").read_text())
    assert "tester" in saved


def test_each_learner_has_their_own_progress(monkeypatch):
    numeric().check(20)
    monkeypatch.setenv("QIKIT_LEARNER", "someone else")
    assert book.read() == {}
    numeric().check(1)
    assert book.read()["demo.q1"]["done"] is False
    assert book.read("tester")["demo.q1"]["done"] is True
    book.reset()
    assert book.read() == {} and book.read("tester")


def test_a_damaged_progress_file_starts_again(own_workspace):
    own_workspace.mkdir(parents=True)
    (own_workspace / "exercise-progress.json").write_text("{not json")
    numeric().check(20)
    assert book.read()["demo.q1"]["done"]


def test_progress_never_stops_an_exercise(own_workspace):
    own_workspace.parent.mkdir(parents=True, exist_ok=True)
    own_workspace.write_text("a file where the folder should be")
    assert numeric().check(20).correct


def test_summary_lists_every_exercise_of_a_topic_with_its_state():
    from qikit.exercises import run_charts as ex

    ex.q1.check(ex.q1.expected)
    ex.q2.check(99)
    rows = summary_rows([ex.TOPIC])
    states = {r["exercise"]: r["state"] for r in rows}
    assert states == {"q1": "done", "q2": "incorrect", "q3": "not attempted", "q4": "not attempted"}
    widget = progress_summary("run_charts")
    assert "1 of 4 exercises done" in widget.table.value
    ex.q3.check("b")
    widget.refresh_button.click()
    assert "2 of 4 exercises done" in widget.table.value


def test_summary_of_an_unknown_topic_names_the_topics():
    with pytest.raises(DataError, match="run_charts"):
        progress_summary("knitting")


def test_answer_widget_checks_what_is_clicked():
    from qikit.exercises import run_charts as ex

    app = ex.q4.widget()
    app.check_button.click()
    assert app.status == INCORRECT  # the week box always holds a number
    app.controls["signal"].value = "yes"
    app.controls["rule"].value = "trend"
    app.controls["week"].value = 58
    app.check_button.click()
    assert app.status == INCORRECT and "58" in app.feedback.value
    app.controls["rule"].value = "shift"
    app.controls["week"].value = 53
    app.check_button.click()
    assert app.status == CORRECT and "Correct" in app.feedback.value
    app.hint_button.click()
    assert "Hint 1 of" in app.feedback.value
    assert app.view.jupyter_chart.chart is not None


@pytest.mark.parametrize("name", ["q1", "q3"])
def test_number_and_choice_exercises_have_widgets_too(name):
    from qikit.exercises import run_charts as ex

    exercise = getattr(ex, name)
    app = exercise.widget()
    app.controls["answer"].value = "b" if name == "q3" else f"{exercise.expected:.2f}"
    app.check_button.click()
    assert app.status == CORRECT


def test_a_topic_lists_each_exercise_once_and_has_three():
    q = numeric()
    with pytest.raises(DataError, match="list each exercise once"):
        Topic("demo", 1, "Demo", 5, ["o"], ["k"], [Text("x"), "q1"], {"q1": q, "q2": q})
    with pytest.raises(DataError, match="at least 3"):
        Topic("demo", 1, "Demo", 5, ["o"], ["k"], ["q1"], {"q1": q})


def test_free_text_exercises_have_a_text_box_widget():
    from qikit.exercises import aims as ex

    app = ex.q5.widget()
    app.controls["answer"].value = "Improve safety."
    app.check_button.click()
    assert app.status == INCORRECT and "Some is not a number" in app.feedback.value
    app.controls["answer"].value = ex.EXAMPLE_AIM
    app.check_button.click()
    assert app.status == CORRECT


def test_an_error_in_a_widget_callback_shows_in_plain_words(monkeypatch):
    from qikit.exercises import run_charts as ex

    app = ex.q3.widget()

    def broken(_answer):
        raise RuntimeError("internal detail")

    monkeypatch.setattr(ex.q3, "check", broken)
    app.check_button.click()
    assert "not something you did wrong" in app.errors.value
    assert "internal detail" not in app.errors.value


def test_a_blank_answer_in_a_notebook_shows_the_buttons_to_answer_with():
    from qikit.exercises import run_charts as ex

    bundle = ex.q3.check(...)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["text/plain"].startswith("Not attempted yet")
    shown = ex.q3.check("a")._repr_mimebundle_()
    assert set(shown) == {"text/plain", "text/html"} and shown["text/plain"].startswith("Not")


def test_an_answer_in_parts_gets_one_box_per_part():
    from qikit.exercises import measures as ex

    app = ex.q3.widget()
    assert list(app.controls) == list(ex.DEFINITION_KEYS)
    assert app.answer() == {k: ... for k in ex.DEFINITION_KEYS}
    for part, value in ex.EXAMPLE_DEFINITION.items():
        app.controls[part].value = str(value)
    app.check_button.click()
    assert app.status == CORRECT
    app.controls["denominator"].value = ""
    app.check_button.click()
    assert app.status == INCORRECT and "denominator" in app.feedback.value


def test_the_widget_can_open_with_a_note():
    from qikit.exercises import run_charts as ex

    assert "Answer here" in ex.q1.widget(intro="Answer here").feedback.value


def test_the_learner_is_named_by_qikit_then_jupyterhub(monkeypatch):
    monkeypatch.delenv("QIKIT_LEARNER")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    assert book.learner() == "learner"
    monkeypatch.setenv("JUPYTERHUB_USER", "delegate-7")
    assert book.learner() == "delegate-7"
    monkeypatch.setenv("QIKIT_LEARNER", "Sam")
    assert book.learner() == "Sam"
