"""The interpretation trainer: read a chart, say what you see, and get the right reading at once."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import altair as alt
import ipywidgets as widgets
import pandas as pd
import traitlets

from qikit.apps.common import ChartView, ErrorPanel, guarded
from qikit.errors import DataError
from qikit.plot import plot
from qikit.teaching import trainer as t

SIGNAL_CHOICES = [("Yes, there is a signal", True), ("No signal, only noise", False)]
#: Radio buttons large enough to tap (WCAG 2.2 target size: 24 by 24 pixels).
RADIO_STYLE = (
    "<style>.qikit-study .widget-radio-box input[type=radio]"
    "{width: 24px; height: 24px; margin: 2px 8px 2px 0;}"
    ".qikit-study .widget-radio-box label{min-height: 28px; align-items: center;}</style>"
)
VERDICT_STYLE = {"right": "qikit-right", "partly right": "qikit-partly", "wrong": "qikit-wrong"}


def unread_chart(
    result: Any,
    *,
    title: str,
    subtitle: str,
    description: str,
    y_title: str = "",
    dates: bool = False,
) -> alt.LayerChart:
    """A chart as a learner first sees it: data, centre line and limits, no signal marked.
    Weeks on a date axis when ``dates``, else numbered points."""
    p = result.points
    frame = pd.DataFrame(
        {"x": p["x"], "value": p["y"], "centre": p["cl"]}
        | ({"lower": p["lcl"], "upper": p["ucl"]} if p["ucl"].notna().any() else {})
    )
    if dates:
        frame["x"] = pd.to_datetime(frame["x"])
        x = alt.X("x:T", title="Week")
        tip = alt.Tooltip("x:T", title="Week", format="%d %b %Y")
    else:
        frame["x"] = frame["x"].astype(float)
        axis = alt.Axis(format="d", tickMinStep=1)
        x = alt.X("x:Q", title="Point (week or month)", scale=alt.Scale(nice=False), axis=axis)
        tip = alt.Tooltip("x:Q", title="Point")
    base = alt.Chart(frame).encode(x=x)
    layers = [
        base.mark_line(color="#3d3d3d", strokeDash=[6, 4], interpolate="step-after").encode(
            y="centre:Q"
        )
    ]
    if "upper" in frame:
        for column in ("lower", "upper"):
            layers.append(
                base.mark_line(color="#8a1538", strokeDash=[2, 3], interpolate="step-after").encode(
                    y=f"{column}:Q"
                )
            )
    layers.append(
        base.mark_line(point=alt.OverlayMarkDef(size=55, color="#005eb8"), color="#005eb8").encode(
            y=alt.Y("value:Q", title=y_title or None, scale=alt.Scale(zero=False)),
            tooltip=[tip, alt.Tooltip("value:Q", title="Value", format=",.3~f")],
        )
    )
    return alt.layer(*layers).properties(
        width=600,
        height=280,
        title=alt.Title(title, subtitle=subtitle),
        description=f"{description} {len(frame)} points to read.",
    )


def question_chart(q: t.Question) -> alt.LayerChart:
    """The trainer's question as the learner first sees it."""
    kind = "Run chart (median)" if q.chart == "run" else f"{q.chart.upper()} chart with limits"
    return unread_chart(
        q.result,
        title=f"Question {q.number}: {kind}",
        subtitle="Is there a signal?",
        description=f"{kind}:",
    )


def answer_chart(q: t.Question):
    """The correct reading: the engine's chart with signals coloured and the start marked."""
    marks = None
    if q.start is not None and q.pattern in t.WHERE_TOLERANCE:
        x = float(q.result.points["x"].iloc[q.start - 1])
        marks = pd.DataFrame({"x": [x], "label": [f"The change began (point {q.start})"]})
    return plot(
        q.result,
        annotations=marks,
        title=f"Question {q.number}: the correct reading",
        width=600,
        height=280,
    )


class Trainer(widgets.VBox):
    """One question at a time, marked against ground truth, with progress kept by name."""

    score = traitlets.Float(0.0)
    answered = traitlets.Int(0)
    last_verdict = traitlets.Unicode("")

    def __init__(self, folder: str | Path | None = None, seed: int = 2016) -> None:
        if folder is None:
            from qikit.store import default_folder

            folder = default_folder()
        self.folder = Path(folder)
        self.seed = seed
        self.progress = t.TrainerProgress()
        self.errors = ErrorPanel()
        self.learner = widgets.Text(
            description="Your name or initials",
            placeholder="e.g. AB",
            continuous_update=False,
            style={"description_width": "initial"},
        )
        self.level = widgets.ToggleButtons(
            options=[(f"Level {k}: {v[0]}", k) for k, v in t.LEVELS.items()],
            value=1,
            description="Level",
            style={"button_width": "auto"},  # each level's name in full
        )
        self.signal = widgets.RadioButtons(
            options=SIGNAL_CHOICES, value=None, description="Signal?"
        )
        self.rule = widgets.RadioButtons(
            options=[(words, key) for key, words in t.RULE_WORDS.items()],
            value=None,
            description="Which rule?",
            layout=widgets.Layout(width="auto"),
        )
        self.where = widgets.IntSlider(
            value=1, min=1, max=t.POINTS, description="Where does it start? (point)",
            style={"description_width": "initial"}, layout=widgets.Layout(width="480px"),
        )  # fmt: skip
        self.check = widgets.Button(description="Check my answer", button_style="primary")
        self.next = widgets.Button(description="Next chart", disabled=True)
        self.feedback = widgets.HTML()
        self.summary = widgets.HTML()
        self.saved = widgets.HTML()
        self.question = t.question(1, 1, seed)
        self.view = ChartView(question_chart(self.question))

        act = guarded(self.errors)
        self.learner.observe(act(self._open_progress), names="value")
        self.level.observe(act(self._change_level), names="value")
        self.check.on_click(act(lambda _: self.answer()))
        self.next.on_click(act(lambda _: self.next_question()))
        self._show_summary()
        super().__init__(
            [
                widgets.HTML(RADIO_STYLE),
                widgets.HTML(
                    "<p>Type your name so the trainer keeps your progress in the team workspace, "
                    "choose a level, then read each chart and answer. The data are synthetic.</p>"
                ),
                self.learner,
                self.saved,
                self.level,
                self.view,
                widgets.HTML("<h2>Your reading</h2>"),
                self.signal,
                self.rule,
                self.where,
                widgets.HBox([self.check, self.next]),
                self.errors,
                self.feedback,
                self.summary,
            ]
        )
        self.add_class("qikit-study")

    # ----- questions --------------------------------------------------------------------------
    def _show_question(self) -> None:
        self.question = t.question(self.progress.level, self.progress.next_number, self.seed)
        self.view.update(question_chart(self.question))
        self.signal.value = None
        self.rule.value = None
        self.where.value = 1
        self.feedback.value = ""
        self.check.disabled = False
        self.next.disabled = True

    def answer(self) -> t.Mark:
        """Mark the learner's reading, draw the correct reading and save progress."""
        if self.signal.value is None:
            raise DataError("Say first whether you see a signal: choose yes or no.")
        if self.signal.value and self.rule.value is None:
            raise DataError("You said there is a signal: choose which rule shows it.")
        given = t.Answer(
            signal=bool(self.signal.value),
            rule=self.rule.value if self.signal.value else None,
            where=self.where.value if self.signal.value else None,
        )
        result = t.mark(self.question, given)
        self.progress.record(self.question, result)
        self.view.update(answer_chart(self.question))
        style = VERDICT_STYLE[result.verdict]
        self.feedback.value = (
            f'<div role="status" class="qikit-feedback {style}"><p><strong>'
            f"{html.escape(result.verdict.capitalize())}.</strong> "
            f"{html.escape(result.feedback)}</p></div>"
        )
        self.last_verdict = result.verdict
        self.check.disabled = True
        self.next.disabled = False
        self._show_summary()
        self._save()
        return result

    def next_question(self) -> None:
        self._show_question()

    def _change_level(self, change: dict) -> None:
        self.progress.level = int(change["new"])
        self._show_question()
        self._save()

    # ----- progress ---------------------------------------------------------------------------
    def _show_summary(self) -> None:
        points, count = self.progress.score()
        self.score, self.answered = points, count
        if not count:
            self.summary.value = "<h2>Your score</h2><p>No answers yet.</p>"
            return
        misreads = "".join(f"<li>{html.escape(line)}</li>" for line in self.progress.misreads())
        self.summary.value = (
            f"<h2>Your score</h2><p>{points:g} out of {count} "
            "(a right answer scores 1, partly right 0.5).</p>"
            + (f"<h3>Patterns to practise</h3><ul>{misreads}</ul>" if misreads else "")
        )

    def _open_progress(self, change: dict) -> None:
        name = change["new"].strip()
        if not name:
            return
        saved = t.load_progress(self.folder, name)
        if saved.answers:
            self.progress = saved
            self.saved.value = (
                f'<p class="qikit-note">Welcome back, {html.escape(name)}: '
                f"{len(saved.answers)} answers so far.</p>"
            )
        else:
            self.progress.learner = name
            self._save()
        self.level.value = self.progress.level
        self._show_question()
        self._show_summary()

    def _save(self) -> None:
        if not self.learner.value.strip():
            self.saved.value = (
                '<p class="qikit-note">Type your name above to keep your progress.</p>'
            )
            return
        self.progress.learner = self.learner.value.strip()
        t.save_progress(self.progress, self.folder)
        self.saved.value = '<p class="qikit-note">Progress saved.</p>'


def app(folder: str | Path | None = None) -> Trainer:
    """The interpretation trainer of workbook 07."""
    return Trainer(folder)
