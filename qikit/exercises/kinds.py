"""The kinds of exercise: each knows its answer, checks a learner's answer and gives hints.

Every kind follows the same contract (as in Kaggle learntools, otter-grader and nbgrader):
``check(answer)`` returns an :class:`~qikit.exercises.outcome.Outcome` (correct, incorrect or not
attempted), ``hint()`` gives the next hint each time it is called, and ``solution()`` shows the
answer with the reasoning. A message for a wrong answer never contains the answer.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from qikit.errors import DataError
from qikit.exercises.outcome import CORRECT, INCORRECT, NOT_ATTEMPTED, Note, Outcome

#: What a learner cell holds before it is answered: ``answer = ...``.
PLACEHOLDER = ...


def not_answered(answer: Any) -> bool:
    """True for the placeholder ``...``, ``None`` or blank text."""
    if answer is PLACEHOLDER or answer is None:
        return True
    if isinstance(answer, str) and not answer.strip():
        return True
    if isinstance(answer, Mapping):
        return bool(answer) and all(not_answered(v) for v in answer.values())
    return False


@dataclass(eq=False)
class Exercise:
    """One exercise: a question, hints in order, the answer and why it is the answer.

    ``learner_code`` is the code cell the learner fills in (with ``...`` for the answer);
    ``solution_code`` is the same cell answered correctly. ``{q}`` in either stands for the
    exercise's name in the notebook (``ex.q1``). Neither appears in a learner's messages.
    """

    title: str
    prompt: str
    hints: list[str]
    reasoning: str
    solution_code: str
    learner_code: str = "answer = ...\n{q}.check(answer)"
    #: Words for the Jupyter route only (which variable or column to use), shown under the
    #: prompt in Jupyter and hidden on the served page, where the learner never sees code.
    jupyter: str = ""
    name: str = ""
    topic: str = ""
    _hints_given: int = field(default=0, init=False, repr=False)

    # ----- the learner's API ------------------------------------------------------------------
    def check(self, answer: Any = PLACEHOLDER, **parts: Any) -> Outcome:
        """Check an answer and say whether it is right; record the result in the progress book."""
        if parts:
            answer = dict(parts) if answer is PLACEHOLDER else answer
        if not_answered(answer):
            outcome = Outcome(
                NOT_ATTEMPTED,
                "No answer yet: choose or type your answer, then check it.",
                self.id,
                self,
            )
        else:
            try:
                right, message = self._judge(answer)
            except DataError as error:
                right, message = False, str(error)
            outcome = Outcome(CORRECT if right else INCORRECT, message, self.id, self)
        self._record(outcome.status)
        return outcome

    def hint(self) -> Note:
        """The next hint; after the last one, the last one again."""
        if not self.hints:
            return Note("No hints for this one", "Try the solution when you are ready.")
        index = min(self._hints_given, len(self.hints) - 1)
        self._hints_given = index + 1
        self._record(None, hints=self._hints_given)
        return Note(f"Hint {index + 1} of {len(self.hints)}", self.hints[index])

    def solution(self) -> Note:
        """The answer and the reasoning behind it."""
        self._record(None, solution_seen=True)
        return Note("Solution", f"{self.answer_text()}\n\n{self.reasoning}")

    # ----- what each kind fills in --------------------------------------------------------
    @property
    def id(self) -> str:
        return f"{self.topic}.{self.name}" if self.topic else self.name

    def answer_text(self) -> str:
        """The correct answer in words (for the solution and the answer key)."""
        raise NotImplementedError

    def _judge(self, answer: Any) -> tuple[bool, str]:
        """(right?, message). The message for a wrong answer must not contain the answer."""
        raise NotImplementedError

    def widget(self, intro: str = "", jupyter_intro: str = ""):
        """A point-and-click way to answer this exercise; ``jupyter_intro`` adds words shown in
        Jupyter only."""
        from qikit.exercises.widget import answer_widget

        return answer_widget(self, intro, jupyter_intro)

    # ----- progress -----------------------------------------------------------------------------
    def _record(self, status: str | None, **extra: Any) -> None:
        from qikit.exercises.progress import record

        record(self.id, status, **extra)


# ----- multiple choice ---------------------------------------------------------------------------
@dataclass(eq=False)
class MultipleChoice(Exercise):
    """Choose one option: answer with its letter (``"b"``) or its exact wording."""

    options: dict[str, str] = field(default_factory=dict)
    answer: str = ""
    #: Feedback for a wrong option, by letter: why it is tempting and where to look instead.
    why_not: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.answer not in self.options:
            raise DataError(f"The answer {self.answer!r} is not one of the options.")

    def answer_text(self) -> str:
        return f"The answer is ({self.answer}) {self.options[self.answer].rstrip('.')}."

    def _letter(self, answer: Any) -> str | None:
        text = str(answer).strip().strip("()").strip()
        if text.lower() in self.options:
            return text.lower()
        for letter, wording in self.options.items():
            if text.lower() == wording.lower():
                return letter
        return None

    def _judge(self, answer: Any) -> tuple[bool, str]:
        letter = self._letter(answer)
        if letter is None:
            choices = ", ".join(f'"{k}"' for k in self.options)
            return False, f"Answer with one of the options: {choices}."
        if letter == self.answer:
            return True, self.why_right()
        return False, self.why_not.get(
            letter, "That is not the best choice. Read the options again."
        )

    def why_right(self) -> str:
        return self.reasoning.split("\n\n")[0]


# ----- numbers -----------------------------------------------------------------------------------
def described(answer: Any, echo: bool = True) -> str:
    """What a learner gave, in words rather than Python's type names. ``echo=False`` does not
    repeat a learner's text (where it might hold parts of the answer)."""
    if isinstance(answer, str):
        return f"the text '{answer}'" if echo else "a piece of text"
    if isinstance(answer, bool):
        return f"the word {answer}"
    if isinstance(answer, numbers.Real):
        return f"the number {float(answer):g}"
    if isinstance(answer, (tuple, list, set)):
        return f"{len(answer)} values separated by commas"
    if isinstance(answer, Mapping):
        return "several named parts in curly brackets"
    return f"something that is not a number or words (a Python {type(answer).__name__})"


def as_number(answer: Any, what: str = "Your answer") -> float:
    """A learner's number: accepts 12, 12.5, "12.5", "12.5%" and numpy numbers."""
    if isinstance(answer, bool):
        raise DataError(f"{what} should be a number, like 12.5; you gave {answer}.")
    if isinstance(answer, numbers.Real):
        value = float(answer)
    elif isinstance(answer, str):
        # "12.5", "12.5%", "1,000", and text holding one number such as "week 42"
        found = re.findall(r"-?\d+(?:\.\d+)?", answer.replace(",", ""))
        if len(found) != 1:
            raise DataError(f"{what} should be a number, like 12.5; you gave the text '{answer}'.")
        value = float(found[0])
    else:
        decimals = " (use a full stop for decimals: 12.5)" if isinstance(answer, tuple) else ""
        raise DataError(
            f"{what} should be a number, like 12.5; you gave {described(answer)}.{decimals}"
        )
    if math.isnan(value) or math.isinf(value):
        raise DataError(f"{what} should be a number you can write down; you gave {value}.")
    return value


@dataclass(eq=False)
class Numeric(Exercise):
    """A number, right within ``tolerance`` (absolute)."""

    answer: float | None = None
    tolerance: float = 0.0
    units: str = ""
    decimals: int = 1
    #: Common mistakes: (value they would give, what to say). Matched within the tolerance.
    mistakes: list[tuple[float, str]] = field(default_factory=list)

    @property
    def expected(self) -> float:
        return float(self.answer)

    def shown(self, value: float) -> str:
        units = f" {self.units}" if self.units and self.units != "%" else self.units
        return f"{value:.{self.decimals}f}{units}"

    def answer_text(self) -> str:
        return f"The answer is {self.shown(self.expected)}."

    def _judge(self, answer: Any) -> tuple[bool, str]:
        value = as_number(answer)
        expected = self.expected
        close = max(self.tolerance, 1e-9)
        if abs(value - expected) <= close:
            return True, self.reasoning.split("\n\n")[0]
        for mistake, message in self.mistakes:
            if abs(value - float(mistake)) <= close and abs(float(mistake) - expected) > close:
                return False, message
        direction = "high" if value > expected else "low"
        return False, f"Your answer is too {direction}. Ask for a hint for a pointer."


@dataclass(eq=False)
class Computed(Numeric):
    """A number the learner works out from the data; the answer is computed from the same data."""

    compute: Callable[[], float] | None = None

    @cached_property
    def _computed(self) -> float:
        return float(self.compute())

    @property
    def expected(self) -> float:
        return self._computed


# ----- chart reading ------------------------------------------------------------------------------
#: The rules a learner may name, with the words a learner might use for each.
RULES = {
    "shift": ("shift", "run", "run of points", "points on one side"),
    "trend": ("trend",),
    "runs": ("runs", "too few runs", "too many runs", "number of runs", "crossings"),
    "outside limits": ("outside limits", "outside the limits", "beyond limits", "astronomical"),
    "two of three": ("two of three", "2 of 3", "two out of three", "near a limit"),
    "none": ("none", "no rule", "no signal"),
}


def rule_named(text: Any) -> str | None:
    """Which of :data:`RULES` a learner's words name, or None."""
    key = str(text).strip().lower().replace("-", " ").replace("_", " ")
    for rule, words in RULES.items():
        if key == rule or key in words:
            return rule
    return None


def yes_or_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("yes", "y", "true", "signal"):
        return True
    if text in ("no", "n", "false", "no signal"):
        return False
    return None


@dataclass(eq=False)
class ChartReading(Exercise):
    """Read a chart: is there a signal, which rule shows it, from which point does it start?

    Answer with a dictionary, e.g. ``{"signal": "yes", "rule": "shift", "week": 20}`` (the point's
    name is ``point_label``). ``rules`` may hold several acceptable rules.
    """

    signal: bool = False
    rules: tuple[str, ...] = ()
    first_point: int | None = None
    point_label: str = "week"
    #: The chart to read (a function returning an Altair chart), for the point-and-click version.
    chart: Callable[[], Any] | None = None
    #: The first and last point a learner can pick.
    point_range: tuple[int, int] = (1, 52)
    learner_code: str = (
        'answer = {{"signal": ..., "rule": ..., "{label}": ...}}\n{{q}}.check(answer)'
    )

    def __post_init__(self) -> None:
        self.learner_code = self.learner_code.format(label=self.point_label)
        unknown = [r for r in self.rules if r not in RULES]
        if unknown:
            raise DataError(f"Unknown rule names {unknown}; use {list(RULES)}.")

    def answer_text(self) -> str:
        if not self.signal:
            return "There is no signal: no rule is broken."
        rules = " or ".join(self.rules)
        return (
            f"Yes, there is a signal: the {rules} rule, starting at {self.point_label} "
            f"{self.first_point}."
        )

    def _judge(self, answer: Any) -> tuple[bool, str]:
        if not isinstance(answer, Mapping):
            raise DataError(
                'Answer with three named parts in curly brackets, like {"signal": "yes", '
                f'"rule": "trend", "{self.point_label}": 12}}; you gave {described(answer, False)}.'
            )
        said = yes_or_no(answer.get("signal"))
        if said is None:
            return False, "Say whether there is a signal: yes or no."
        if said != self.signal:
            if self.signal:
                return False, (
                    "Look again: at least one rule is broken on this chart. Go through the rules "
                    "one at a time."
                )
            return False, (
                "Look again: check each rule carefully, counting points exactly. Do any of them "
                "really apply?"
            )
        if not self.signal:
            return True, self.reasoning.split("\n\n")[0]
        notes = ["You are right that there is a signal."]
        right = True
        rule = rule_named(answer.get("rule", ""))
        if rule is None:
            right = False
            notes.append(f"Name the rule as one of: {', '.join(r for r in RULES if r != 'none')}.")
        elif rule not in self.rules:
            right = False
            notes.append(f"The {rule} rule is not the one that shows where this signal starts.")
        else:
            notes.append("You named the right rule.")
        point = answer.get(self.point_label, answer.get("from", answer.get("point")))
        if not_answered(point):
            right = False
            notes.append(f"Say the {self.point_label} where the signal starts.")
        else:
            value = as_number(point, f"The {self.point_label}")
            if value != self.first_point:
                right = False
                side = "later" if value < self.first_point else "earlier"
                notes.append(
                    f"The signal starts {side} than {self.point_label} {value:g}: find the first "
                    "point that is part of the pattern."
                )
            else:
                notes.append(f"You found the right {self.point_label}.")
        if right:
            return True, " ".join(notes[1:]) + " " + self.reasoning.split("\n\n")[0]
        return False, " ".join(notes)


# ----- free text checked by the planning models ---------------------------------------------------
@dataclass(eq=False)
class PlanCheck(Exercise):
    """Free text (an aim, a PDSA plan, a measure's definition) judged by a planning model.

    ``build`` turns the learner's answer into a model object with ``feedback()`` (or returns the
    feedback list itself). The answer is right when no feedback point is ``missing`` and, for the
    fields in ``strict``, none is ``improve`` either. ``example`` is a good answer, shown only in
    the solution.
    """

    build: Callable[[Any], Any] | None = None
    example: Any = None
    strict: tuple[str, ...] = ()
    #: Fields the exercise does not ask about (e.g. "contributors", who shaped the plan).
    ignore: tuple[str, ...] = ("contributors",)
    #: Words in the coach's messages that would give the answer away, and what to say instead.
    conceal: dict[str, str] = field(default_factory=dict)
    what: str = "answer"
    #: For an answer in several parts (a dictionary): the names of the parts, in order.
    parts: tuple[str, ...] = ()
    #: What the answer boxes are called on the page, by part ("plan_who": "Who").
    part_labels: dict[str, str] = field(default_factory=dict)
    #: Parts answered by choosing, by part: {value: what the list shows}.
    choices: dict[str, dict[str, str]] = field(default_factory=dict)

    def answer_text(self) -> str:
        return f"One good {self.what}:\n\n{self.example}"

    def feedback(self, answer: Any) -> list:
        built = self.build(answer)
        return list(built if isinstance(built, list) else built.feedback())

    def _judge(self, answer: Any) -> tuple[bool, str]:
        points = [p for p in self.feedback(answer) if p.field not in self.ignore]
        failing = [
            p
            for p in points
            if p.level == "missing"
            or (p.level == "improve" and any(p.field.endswith(s) for s in self.strict))
        ]
        if not failing:
            return True, "A coach would be happy with this. " + self.reasoning.split("\n\n")[0]
        messages = [p.message for p in failing]
        for secret, instead in self.conceal.items():
            messages = [m.replace(secret, instead) for m in messages]
        lines = "\n".join(f"- {m}" for m in messages)
        return False, f"A coach would ask for more:\n\n{lines}"


def letters(options: Iterable[str]) -> dict[str, str]:
    """Options lettered a, b, c, ... in the order given."""
    return {chr(ord("a") + i): text for i, text in enumerate(options)}
