"""The run-chart lab: edit a ward's weekly values and watch the IHI and Anhøj rules respond."""

from __future__ import annotations

import asyncio
import html
from collections.abc import Callable

import ipywidgets as widgets
import traitlets

from qikit.apps.common import ChartView, ErrorPanel, guarded
from qikit.errors import DataError
from qikit.plot import plot
from qikit.teaching.run_rules import RuleVerdict, RunChartReading, parse_values, read_run_chart

#: Example series (synthetic weekly counts) a learner can start from.
EXAMPLES = {
    "A stable ward": [12, 9, 11, 14, 10, 13, 8, 12, 11, 15, 10, 9, 13, 11, 12, 10, 14, 9, 12, 11],
    "A shift after a change": [
        14, 12, 15, 13, 16, 12, 14, 15, 13, 14, 9, 8, 10, 7, 9, 8, 10, 7, 8, 9,
    ],
    "Where the rules disagree": [
        5, 6, 4, 8, 9, 9, 10, 11, 12, 3, 7, 6, 5, 4, 9, 2, 3, 4, 6, 8,
    ],
    "A slow swing": [10, 12, 13, 14, 13, 12, 10, 8, 7, 6, 7, 8, 10, 12, 13, 14, 13, 12, 10, 8],
}  # fmt: skip
CHART_SIZE = {"width": 430, "height": 250}
#: Seconds of no typing before the charts redraw.
TYPING_PAUSE = 0.4


class Debounced:
    """Call ``action`` once typing pauses for ``delay`` seconds (at once when no event loop runs).

    In a running notebook or Voilà page each keystroke restarts the wait, so the charts redraw
    as the learner types without redrawing for every character.
    """

    def __init__(self, action: Callable[[], None], delay: float = TYPING_PAUSE) -> None:
        self.action = action
        self.delay = delay
        self._pending: asyncio.TimerHandle | None = None

    def __call__(self, _: dict | None = None) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # headless, in a test or a script: no loop to wait on
            self.action()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(self.delay, self._fire)

    def _fire(self) -> None:
        self._pending = None
        self.action()


def values_text(values: list[float]) -> str:
    return ", ".join(f"{v:g}" for v in values)


def verdict_list(title: str, verdicts: list[RuleVerdict]) -> str:
    """A rule set's verdicts as a short HTML list; signals are said in words, not only colour."""
    items = "".join(
        f'<li class="{"qikit-signal" if v.fired else "qikit-no-signal"}">'
        f"<strong>{html.escape(v.rule)}: {'signal' if v.fired else 'no signal'}.</strong> "
        f"{html.escape(v.sentence)}</li>"
        for v in verdicts
    )
    return f"<h3>{html.escape(title)}</h3><ul>{items}</ul>"


def numbers_table(reading: RunChartReading) -> str:
    """The numbers behind both readings, as an HTML table."""
    runs = (
        f"{reading.runs_lower} to {reading.runs_upper}"
        if reading.runs_lower is not None
        else "no table row"
    )
    rows = [
        ("Median", f"{reading.median:g}", "Centre line of the run chart"),
        ("Points", f"{reading.n_obs}", "All weeks plotted"),
        ("Useful observations", f"{reading.n_useful}", "Points not on the median"),
        (
            "Longest run",
            f"{reading.longest_run}",
            f"Anhøj signal if more than {reading.longest_run_max}",
        ),
        (
            "Crossings",
            f"{reading.crossings}",
            f"Anhøj signal if fewer than {reading.crossings_min}",
        ),
        ("Runs", f"{reading.n_runs}", f"IHI runs table expects {runs}"),
    ]
    body = "".join(
        f"<tr><th scope='row'>{a}</th><td>{b}</td><td>{html.escape(c)}</td></tr>"
        for a, b, c in rows
    )
    return (
        '<table class="qikit-table"><caption>The numbers behind the rules</caption>'
        "<thead><tr><th scope='col'>What</th><th scope='col'>Value</th>"
        f"<th scope='col'>Meaning</th></tr></thead><tbody>{body}</tbody></table>"
    )


def comparison(reading: RunChartReading) -> str:
    reasons = "".join(f"<li>{html.escape(r)}</li>" for r in reading.disagreements())
    if reasons:
        block = f"<ul>{reasons}</ul>"
    elif not (reading.anhoej_signal or reading.ihi_signal):
        block = "<p>No rule of either set fired, so there is nothing to compare.</p>"
    else:
        block = "<p>The rules that fired in the two sets point to the same pattern.</p>"
    return f"<h3>Where the rule sets differ</h3><p>{html.escape(reading.agreement())}</p>{block}"


def side_by_side(*children: widgets.Widget) -> widgets.HBox:
    """Two things side by side that go one under the other when the column is too narrow."""
    box = widgets.HBox(list(children))
    box.add_class("qikit-side-by-side")
    return box


class RunChartLab(widgets.VBox):
    """Type or nudge weekly values; the two rule sets' charts and verdicts update live."""

    anhoej_signal = traitlets.Bool(False)
    ihi_signal = traitlets.Bool(False)

    def __init__(self) -> None:
        self.errors = ErrorPanel()
        first = next(iter(EXAMPLES))
        self.example = widgets.Dropdown(
            options=list(EXAMPLES),
            value=first,
            description="Start from an example",
            style={"description_width": "initial"},
        )
        self.values = widgets.Textarea(
            value=values_text(EXAMPLES[first]),
            description="Weekly values (separated by commas)",
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="95%", height="70px"),
        )
        self.week = widgets.IntSlider(
            value=1,
            min=1,
            max=len(EXAMPLES[first]),
            description="Week to change",
            style={"description_width": "initial"},
        )
        self.point = widgets.FloatText(
            value=EXAMPLES[first][0],
            description="Its value",
            step=1,
            style={"description_width": "initial"},
        )
        #: What is wrong with the values as typed so far: a note under the box, not an error.
        self.typing_note = widgets.HTML()
        self.reading = read_run_chart(EXAMPLES[first])
        self.anhoej_view = ChartView(self._chart("anhoej"))
        self.ihi_view = ChartView(self._chart("ihi"))
        self.numbers = widgets.HTML()
        self.anhoej_words = widgets.HTML()
        self.ihi_words = widgets.HTML()
        self.differences = widgets.HTML()
        self._syncing = False
        self._show_words()

        act = guarded(self.errors)
        self.example.observe(act(self._use_example), names="value")
        self._typed = Debounced(act(self._redraw))
        self.values.observe(self._typed, names="value")
        self.week.observe(act(self._pick_week), names="value")
        self.point.observe(act(self._edit_point), names="value")
        editing = widgets.HBox([self.week, self.point])
        super().__init__(
            [
                widgets.HTML(
                    "<h2>Your data</h2><p>Pick an example or type your own weekly values "
                    "(10 to 60 of them). To change one week, choose it and type its new value.</p>"
                ),
                self.example,
                self.values,
                self.typing_note,
                self.errors,
                editing,
                widgets.HTML("<h2>The same data, two rule sets</h2>"),
                side_by_side(self.anhoej_view, self.ihi_view),
                side_by_side(self.anhoej_words, self.ihi_words),
                self.differences,
                self.numbers,
            ]
        )

    def _chart(self, rules: str):
        result = self.reading.anhoej_result if rules == "anhoej" else self.reading.ihi_result
        name = "Anhøj rules" if rules == "anhoej" else "IHI rules"
        return plot(result, title=f"Read with the {name}", y_title="Weekly value", **CHART_SIZE)

    def _show_words(self) -> None:
        reading = self.reading
        self.anhoej_words.value = verdict_list("Anhøj rules", reading.anhoej)
        self.ihi_words.value = verdict_list("IHI rules", reading.ihi)
        self.differences.value = comparison(reading)
        self.numbers.value = numbers_table(reading)
        self.anhoej_signal = reading.anhoej_signal
        self.ihi_signal = reading.ihi_signal

    def _use_example(self, change: dict) -> None:
        self.values.value = values_text(EXAMPLES[change["new"]])

    def _typed_values(self) -> list[float] | None:
        """The values in the box, or None (and a note under the box) while they cannot be read:
        half-typed values are usual, so the note is calm and the last charts stay."""
        try:
            values = parse_values(self.values.value)
        except DataError as problem:
            self.typing_note.value = (
                f'<p class="qikit-note" role="status">{html.escape(str(problem))} The charts '
                "show the last values that could be read.</p>"
            )
            return None
        self.typing_note.value = ""
        return values

    def _redraw(self, _: dict | None = None) -> None:
        values = self._typed_values()
        if values is None:
            return
        self.reading = read_run_chart(values)
        self.anhoej_view.update(self._chart("anhoej"))
        self.ihi_view.update(self._chart("ihi"))
        self._show_words()
        self._syncing = True
        try:
            self.week.max = len(self.reading.values)
            self.point.value = self.reading.values[self.week.value - 1]
        finally:
            self._syncing = False

    def _pick_week(self, change: dict) -> None:
        self._syncing = True
        try:
            self.point.value = self.reading.values[change["new"] - 1]
        finally:
            self._syncing = False

    def _edit_point(self, change: dict) -> None:
        if self._syncing:
            return
        values = self._typed_values()  # the learner's text, even if not drawn yet
        if values is None or self.week.value > len(values):
            return
        values[self.week.value - 1] = float(change["new"])
        self.values.value = values_text(values)


def app() -> RunChartLab:
    """The run-chart lab of workbook 05."""
    return RunChartLab()
