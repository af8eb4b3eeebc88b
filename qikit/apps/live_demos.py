"""Live demonstrations for a facilitator at the front of the room, in the projector theme.

Three demos, one under the other: a ward's data revealed week by week with predictions, Deming's
red bead experiment and Deming's funnel. Each has facilitator notes (timing, questions, message).
"""

from __future__ import annotations

import html

import altair as alt
import ipywidgets as widgets
import pandas as pd
import traitlets

from qikit.apps.common import ChartView, ErrorPanel, guarded
from qikit.errors import DataError
from qikit.plot import plot, theme_config
from qikit.teaching import funnel as fn
from qikit.teaching import red_bead as rb
from qikit.teaching import reveal as rv

THEME = "projector"
#: Radio buttons large enough to tap (WCAG 2.2 target size: 24 by 24 pixels).
RADIO_STYLE = (
    "<style>.qikit-study .widget-radio-box input[type=radio]"
    "{width: 24px; height: 24px; margin: 2px 8px 2px 0;}"
    ".qikit-study .widget-radio-box label{min-height: 28px; align-items: center;}</style>"
)

NOTES = {
    "reveal": (
        "About 15 minutes.",
        [
            "Before each week: what do you predict? Higher, lower, or between the limits?",
            "Which kind of prediction keeps coming true? Why?",
            "Would you have asked the ward to explain last week's rise? What would they have said?",
        ],
        "You cannot predict next week's value, but a stable process tells you its range.",
    ),
    "red_bead": (
        "About 25 minutes (a real bowl of beads takes 40).",
        [
            "Who is the best worker? Should Dev be put on a final warning?",
            "What would happen if we paid a bonus to the best three workers?",
            "Which points are outside the limits? What does that say about the workers?",
        ],
        "The workers cannot change the number of red beads: the system (bowl, paddle, "
        "suppliers) makes them. Only management can change the system.",
    ),
    "funnel": (
        "About 15 minutes.",
        [
            "Rule 2 looks sensible: correct for the last error. Why does it make things worse?",
            "Where do you see rule 4 at work? (Training by the last trainee, copying the last "
            "rota, setting this year's budget from last year's.)",
            "What would it take to really reduce the spread under rule 1?",
        ],
        "Adjusting a stable process in response to each result (tampering) increases the "
        "variation: rule 2 doubles it, rules 3 and 4 let it grow without limit.",
    ),
}


def notes_panel(key: str) -> widgets.HTML:
    """Facilitator notes for one demo, folded away until opened (an HTML details element)."""
    timing, questions, message = NOTES[key]
    asked = "".join(f"<li>{html.escape(q)}</li>" for q in questions)
    return widgets.HTML(
        '<details class="qikit-notes"><summary><strong>Facilitator notes</strong></summary>'
        f"<p><strong>Timing:</strong> {html.escape(timing)}</p>"
        f"<p><strong>Questions to ask:</strong></p><ul>{asked}</ul>"
        f"<p><strong>Key message:</strong> {html.escape(message)}</p></details>"
    )


def _projector(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    config = theme_config("qikit_projector")["config"]
    return chart.configure(**config)


class RevealDemo(widgets.VBox):
    """A ward's weekly restraint rate, revealed one week at a time after a prediction."""

    weeks = traitlets.Int(rv.FIRST_WEEKS)

    def __init__(self, errors: ErrorPanel) -> None:
        self.data = rv.ward_weeks()
        self.tally = rv.RevealTally()
        self.prediction = widgets.RadioButtons(
            options=[(words, key) for key, words in rv.PREDICTIONS.items()],
            value=None,
            description="Next week will be",
            style={"description_width": "initial"},
        )
        self.next = widgets.Button(
            description="Reveal next week",
            button_style="primary",
            tooltip="Reveal the next week (Tab here, then press Enter)",
        )
        self.restart = widgets.Button(description="Start again")
        self.outcome = widgets.HTML(
            '<p class="qikit-note">What do you predict next week will look like?</p>'
        )
        self.score = widgets.HTML()
        self.view = ChartView(self._chart())
        act = guarded(errors)
        self.next.on_click(act(lambda _: self.step()))
        self.restart.on_click(act(lambda _: self.start_again()))
        super().__init__(
            [
                widgets.HTML(
                    "<h2>1. What happens next week?</h2><p>Restraint episodes per 1,000 occupied "
                    "bed days on a synthetic adult ward. Ask the room to predict, then reveal.</p>"
                ),
                # the prediction and the buttons first, so they show without scrolling
                self.prediction,
                widgets.HBox([self.next, self.restart]),
                self.outcome,
                self.view,
                self.score,
                notes_panel("reveal"),
            ]
        )

    def _chart(self):
        result = rv.chart_upto(self.data, self.weeks)
        return plot(
            result,
            theme=THEME,
            title=f"Restraint on the ward: the first {self.weeks} weeks",
            y_title="Restraint episodes per 1,000 occupied bed days",
        )

    def step(self) -> str:
        if self.prediction.value is None:
            raise DataError("Choose a prediction for next week first, then reveal it.")
        said = rv.next_week(self.data, self.weeks, self.prediction.value, self.tally)
        self.weeks += 1
        self.view.update(self._chart())
        self.outcome.value = f'<p role="status">{html.escape(said)}</p>'
        self.score.value = f"<p><strong>So far:</strong> {html.escape(self.tally.summary())}</p>"
        self.prediction.value = None
        self.next.disabled = self.weeks >= len(self.data)
        return said

    def start_again(self) -> None:
        self.weeks = rv.FIRST_WEEKS
        self.tally = rv.RevealTally()
        self.view.update(self._chart())
        self.outcome.value = '<p class="qikit-note">Back to the first weeks. Predict again.</p>'
        self.score.value = ""
        self.next.disabled = False


class RedBeadDemo(widgets.VBox):
    """Six willing workers, four days, a paddle of 50 beads from a bowl that is 20% red."""

    paddles = traitlets.Int(1)  # paddles drawn so far

    def __init__(self, errors: ErrorPanel) -> None:
        self.seed = 1
        self.frame = rb.red_bead(seed=self.seed)
        self.next = widgets.Button(description="Next worker", button_style="primary")
        self.all_days = widgets.Button(description="Run all four days")
        self.again = widgets.Button(description="New experiment")
        self.ranking = widgets.HTML()
        self.view = ChartView(self._chart())
        act = guarded(errors)
        self.next.on_click(act(lambda _: self.draw(self.paddles + 1)))
        self.all_days.on_click(act(lambda _: self.draw(len(self.frame))))
        self.again.on_click(act(lambda _: self.new_experiment()))
        self._rank()
        super().__init__(
            [
                widgets.HTML(
                    "<h2>2. The red bead experiment</h2><p>Each willing worker scoops 50 beads "
                    "from a bowl of 4,000, of which 800 (20%) are red: red beads are defects. "
                    "The workers follow the procedure exactly.</p>"
                ),
                self.view,
                widgets.HBox([self.next, self.all_days, self.again]),
                self.ranking,
                notes_panel("red_bead"),
            ]
        )

    def _chart(self):
        result = rb.red_bead_p_chart(self.frame, self.paddles)
        return plot(
            result,
            theme=THEME,
            title="Percentage of red beads, paddle by paddle",
            y_title="Red beads (%)",
            x_title="Paddle (6 workers a day)",
        )

    def _rank(self) -> None:
        shown = self.frame[self.frame["draw"] <= self.paddles]
        table = rb.worker_totals(shown)
        rows = "".join(
            f"<tr><td>{html.escape(str(r.worker))}</td><td>{r.total_red_beads}</td></tr>"
            for r in table.itertuples()
        )
        result = rb.red_bead_p_chart(self.frame, self.paddles)
        outside = int(result.points["sigma_signal"].sum())
        verdict = (
            "Every paddle is inside the limits: the differences between workers are the "
            "system's, not theirs."
            if outside == 0
            else f"{outside} paddle(s) outside the limits: ask what was different that day."
        )
        self.ranking.value = (
            '<table class="qikit-table"><caption>The foreman\'s ranking (fewest red beads '
            "first)</caption><thead><tr><th scope='col'>Worker</th><th scope='col'>Red beads"
            f"</th></tr></thead><tbody>{rows}</tbody></table><p>{verdict}</p>"
        )

    def draw(self, upto: int) -> None:
        self.paddles = min(upto, len(self.frame))
        self.view.update(self._chart())
        self._rank()
        self.next.disabled = self.paddles >= len(self.frame)

    def new_experiment(self) -> None:
        self.seed += 1
        self.frame = rb.red_bead(seed=self.seed)
        self.draw(1)


def funnel_chart(drops: pd.DataFrame, rule: int) -> alt.LayerChart:
    """Where the marbles landed around the target, for one rule."""
    reach = max(3.5, float(drops[["x", "y"]].abs().to_numpy().max()) * 1.05)
    scale = alt.Scale(domain=[-reach, reach], nice=False)
    points = (
        alt.Chart(drops)
        .mark_circle(size=70, color="#005eb8", opacity=0.8)
        .encode(
            x=alt.X("x:Q", title="Across the table (from the target)", scale=scale),
            y=alt.Y("y:Q", title="Along the table", scale=scale),
            tooltip=[alt.Tooltip("drop:Q", title="Drop")],
        )
    )
    target = (
        alt.Chart(pd.DataFrame({"x": [0.0], "y": [0.0]}))
        .mark_point(shape="cross", size=500, color="#d5281b", strokeWidth=4)
        .encode(x="x:Q", y="y:Q")
    )
    return _projector(
        alt.layer(points, target).properties(
            width=420,
            height=420,
            title=alt.Title(f"Rule {rule}: {fn.FUNNEL_RULES[rule]}", subtitle="Red cross: target"),
            description=f"Scatter of {len(drops)} marble drops around the target, rule {rule}.",
        )
    )


class FunnelDemo(widgets.VBox):
    """The four rules of Deming's funnel, with the same chance errors under each."""

    spread = traitlets.Float(0.0)

    def __init__(self, errors: ErrorPanel) -> None:
        self.rule = widgets.ToggleButtons(
            options=[(f"Rule {k}", k) for k in fn.FUNNEL_RULES],
            value=1,
            description="Funnel rule",
            tooltips=list(fn.FUNNEL_RULES.values()),
        )
        self.drops = widgets.IntSlider(value=50, min=10, max=200, step=10, description="Drops")
        self.table = widgets.HTML()
        self.view = ChartView(self._chart())
        act = guarded(errors)
        self.rule.observe(act(lambda _: self.redraw()), names="value")
        self.drops.observe(act(lambda _: self.redraw()), names="value")
        self.redraw()
        super().__init__(
            [
                widgets.HTML(
                    "<h2>3. Deming's funnel</h2><p>A marble is dropped through a funnel aimed at "
                    "a target. After each drop, the funnel is moved (or not) by one of four rules."
                    "</p>"
                ),
                widgets.HBox([self.rule, self.drops]),
                self.view,
                self.table,
                notes_panel("funnel"),
            ]
        )

    def _chart(self):
        drops = fn.funnel(self.rule.value, self.drops.value)
        self.spread = fn.funnel_spread(drops)
        return funnel_chart(drops, self.rule.value)

    def redraw(self) -> None:
        self.view.update(self._chart())
        table = fn.funnel_comparison(self.drops.value)
        rows = "".join(
            f"<tr><td>Rule {r.rule}</td><td>{html.escape(r.words)}</td>"
            f"<td>{r.spread:.2f}</td><td>{r.times_rule_1:.1f} ×</td></tr>"
            for r in table.itertuples()
        )
        self.table.value = (
            '<table class="qikit-table"><caption>Spread of the drops under each rule (same '
            "chance errors)</caption><thead><tr><th scope='col'>Rule</th><th scope='col'>What "
            "the funnel does</th><th scope='col'>Spread</th><th scope='col'>Compared with rule 1"
            f"</th></tr></thead><tbody>{rows}</tbody></table>"
        )


class LiveDemos(widgets.VBox):
    """The three demos with the page header, in facilitator mode."""

    def __init__(self) -> None:
        self.errors = ErrorPanel()
        self.reveal = RevealDemo(self.errors)
        self.red_bead = RedBeadDemo(self.errors)
        self.funnel = FunnelDemo(self.errors)
        super().__init__(
            [
                widgets.HTML(RADIO_STYLE),
                widgets.HTML(
                    "<p><strong>Facilitator mode:</strong> large type for the projector. Open "
                    "each demo's notes for timing, questions and the key message. The buttons "
                    "work from the keyboard: Tab to a button, then press Enter.</p>"
                ),
                self.errors,
                self.reveal,
                self.red_bead,
                self.funnel,
            ]
        )
        self.add_class("qikit-projector")
        self.add_class("qikit-study")


def app() -> LiveDemos:
    """The live demos of workbook 08."""
    return LiveDemos()
