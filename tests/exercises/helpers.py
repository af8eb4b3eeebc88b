"""Shared checks for the exercise tests: right answers pass, wrong ones fail without the answer."""

from __future__ import annotations

import re

from qikit.exercises import (
    CORRECT,
    INCORRECT,
    NOT_ATTEMPTED,
    ChartReading,
    MultipleChoice,
    Numeric,
    PlanCheck,
)


def number_forms(value: float) -> list[str]:
    """The ways a number could be written in a message."""
    forms = {f"{value:.1f}", f"{value:.2f}", f"{value:g}"}
    if float(value).is_integer():
        forms.add(str(int(value)))
    return sorted(forms)


def leaks(exercise, message: str) -> list[str]:
    """The pieces of the answer that a message gives away (should be none)."""
    found = []
    if isinstance(exercise, Numeric):
        for form in number_forms(exercise.expected):
            if re.search(rf"(?<![\d.]){re.escape(form)}(?![\d])", message):
                found.append(form)
    elif isinstance(exercise, MultipleChoice):
        right = exercise.options[exercise.answer].rstrip(".")
        if right.lower() in message.lower():
            found.append(right)
        if (
            re.search(rf"[\"'(]{exercise.answer}[\"')]", message)
            and "one of the options" not in message
        ):
            found.append(f"({exercise.answer})")
    elif isinstance(exercise, ChartReading):
        if exercise.first_point is not None and re.search(rf"\b{exercise.first_point}\b", message):
            found.append(str(exercise.first_point))
        if "one of:" not in message:
            found += [r for r in exercise.rules if re.search(rf"\bthe {r} rule\b", message.lower())]
    elif isinstance(exercise, PlanCheck):
        example = str(exercise.example)
        if example and example[:40] in message:
            found.append(example[:40])
    return found


def assert_right(exercise, answer) -> None:
    outcome = exercise.check(answer)
    assert outcome.status == CORRECT, outcome.message


def assert_wrong(exercise, answer) -> None:
    outcome = exercise.check(answer)
    assert outcome.status == INCORRECT, f"{answer!r} was accepted"
    assert outcome.message.strip(), "a wrong answer needs a helpful message"
    assert leaks(exercise, outcome.message) == [], outcome.message
    assert "Traceback" not in outcome.message


def assert_not_attempted(exercise) -> None:
    assert exercise.check(...).status == NOT_ATTEMPTED
