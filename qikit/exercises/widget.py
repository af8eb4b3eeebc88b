"""Answering by pointing and clicking: a widget for any exercise, with Check and Hint buttons."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as widgets
import traitlets

from qikit.apps.common import ChartView, ErrorPanel, guarded
from qikit.exercises.kinds import ChartReading, Exercise, MultipleChoice, Numeric, PlanCheck
from qikit.exercises.outcome import NOT_ATTEMPTED
from qikit.exercises.shown import JUPYTER_ONLY

_WIDE = {"description_width": "initial"}
_RULE_LABELS = {
    "shift": "Shift (a long run on one side of the centre line)",
    "trend": "Trend (points going steadily up or down)",
    "runs": "Too few or too many runs",
    "outside limits": "A point outside the limits",
    "two of three": "Two of three points near a limit",
}


class AnswerWidget(widgets.VBox):
    """Controls for the answer, a Check button, a Hint button and the feedback.

    ``status`` (correct / incorrect / not attempted) is a traitlet, so other widgets can react.
    """

    status = traitlets.Unicode(NOT_ATTEMPTED)

    def __init__(
        self,
        exercise: Exercise,
        controls: dict[str, widgets.Widget],
        chart=None,
        intro: str = "",
        jupyter_intro: str = "",
    ):
        super().__init__()
        self.exercise = exercise
        self.controls = controls
        self.errors = ErrorPanel()
        # Words about the cell (``jupyter_intro``) are for Jupyter only: the served page hides them.
        more = f' <span class="{JUPYTER_ONLY}">{html.escape(jupyter_intro)}</span>'
        self.feedback = widgets.HTML(
            f'<p class="qikit-note">{html.escape(intro)}{more if jupyter_intro else ""}</p>'
            if intro
            else "",
            layout=widgets.Layout(min_height="2em"),
        )
        self.feedback.add_class("qikit-exercise-feedback")
        self.check_button = widgets.Button(
            description="Check my answer", button_style="primary", tooltip="Check my answer"
        )
        self.hint_button = widgets.Button(description="Show a hint", tooltip="Show a hint")
        self.check_button.add_class("qikit-check")
        self.hint_button.add_class("qikit-hint")

        @guarded(self.errors)
        def on_check(_button: Any) -> None:
            outcome = exercise.check(self.answer())
            self.status = outcome.status
            self.feedback.value = outcome._repr_html_()

        @guarded(self.errors)
        def on_hint(_button: Any) -> None:
            self.feedback.value = exercise.hint()._repr_html_()

        self.check_button.on_click(on_check)
        self.hint_button.on_click(on_hint)
        title = widgets.HTML(f'<h3 class="qikit-exercise-title">{html.escape(exercise.title)}</h3>')
        parts: list[widgets.Widget] = [title]
        if chart is not None:
            self.view = ChartView(chart)
            parts.append(self.view)
        parts += list(controls.values())
        parts += [
            widgets.HBox([self.check_button, self.hint_button]),
            self.errors,
            self.feedback,
        ]
        self.children = parts
        self.add_class("qikit-exercise")

    def answer(self) -> Any:
        """The answer the controls hold now (``...`` where nothing is chosen)."""
        values = {name: c.value for name, c in self.controls.items()}
        values = {k: (... if v in (None, "") else v) for k, v in values.items()}
        if list(values) == ["answer"]:
            return values["answer"]
        return values


def _chart_reading_controls(exercise: ChartReading) -> dict[str, widgets.Widget]:
    low, high = exercise.point_range
    return {
        "signal": widgets.ToggleButtons(
            options=[("Yes", "yes"), ("No", "no")],
            value=None,
            description="Is there a signal?",
            style=_WIDE,
        ),
        "rule": widgets.Dropdown(
            options=[("Choose a rule", "")] + [(label, r) for r, label in _RULE_LABELS.items()],
            value="",
            description="Which rule shows it?",
            style=_WIDE,
            layout=widgets.Layout(width="520px"),
        ),
        exercise.point_label: widgets.BoundedIntText(
            value=low,
            min=low,
            max=high,
            description=f"From which {exercise.point_label}?",
            style=_WIDE,
        ),
    }


def _part_label(exercise: PlanCheck, name: str) -> str:
    return exercise.part_labels.get(name) or name.replace("_", " ").capitalize()


def _part_control(exercise: PlanCheck, part: str) -> widgets.Widget:
    """A box to type one part of the answer in, or a list to choose it from."""
    label = _part_label(exercise, part)
    if part in exercise.choices:
        return widgets.Dropdown(
            options=[("Choose one", "")] + [(v, k) for k, v in exercise.choices[part].items()],
            value="",
            description=label,
            style={"description_width": "160px"},
            layout=widgets.Layout(width="520px"),
        )
    return widgets.Text(
        value="",
        description=label,
        style={"description_width": "160px"},
        layout=widgets.Layout(width="720px"),
    )


def answer_widget(exercise: Exercise, intro: str = "", jupyter_intro: str = "") -> AnswerWidget:
    """The point-and-click version of an exercise."""
    chart = None
    if isinstance(exercise, ChartReading):
        controls = _chart_reading_controls(exercise)
        chart = exercise.chart() if exercise.chart else None
    elif isinstance(exercise, MultipleChoice):
        controls = {
            "answer": widgets.RadioButtons(
                options=[(f"({k}) {v}", k) for k, v in exercise.options.items()],
                value=None,
                description="Your answer",
                style=_WIDE,
                layout=widgets.Layout(width="auto"),
            )
        }
    elif isinstance(exercise, Numeric):
        controls = {
            "answer": widgets.Text(
                value="", description=f"Your answer ({exercise.units or 'a number'})", style=_WIDE
            )
        }
    elif isinstance(exercise, PlanCheck) and exercise.parts:
        controls = {part: _part_control(exercise, part) for part in exercise.parts}
    elif isinstance(exercise, PlanCheck):
        controls = {
            "answer": widgets.Textarea(
                value="",
                description=f"Your {exercise.what}",
                style=_WIDE,
                layout=widgets.Layout(width="640px", height="6em"),
            )
        }
    else:
        raise TypeError(f"No widget for a {type(exercise).__name__}")
    return AnswerWidget(exercise, controls, chart, intro, jupyter_intro)
