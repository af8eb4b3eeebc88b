"""The welcome workbook's app: a first look at a ward's data over time."""

from __future__ import annotations

import altair as alt
import ipywidgets as widgets
import pandas as pd

from qikit.apps.common import ChartView, ErrorPanel, guarded

#: An illustrative ward measure (synthetic): the percentage of patients who said they felt safe
#: on the ward each week. The team started testing changes from week 13.
FEELING_SAFE = [
    58, 62, 55, 60, 57, 63, 59, 54, 61, 58, 56, 60,
    64, 66, 63, 69, 71, 68, 72, 70, 74, 73, 71, 76, 75, 73, 77, 78, 74, 79,
]  # fmt: skip
CHANGES_START_WEEK = 13
#: Points in a row on one side of the median that make a shift (IHI run-chart rule).
SHIFT_POINTS = 6


def example_measure() -> pd.DataFrame:
    """The welcome page's example data, one row per week."""
    return pd.DataFrame(
        {
            "week": range(1, len(FEELING_SAFE) + 1),
            "feeling_safe": FEELING_SAFE,
        }
    )


def run_chart(data: pd.DataFrame, weeks: int) -> alt.LayerChart:
    """A run chart of the first ``weeks`` weeks, with the median drawn by Vega-Lite."""
    shown = data[data["week"] <= weeks]
    base = alt.Chart(shown).encode(
        x=alt.X("week:Q", title="Week", scale=alt.Scale(domain=[1, len(data)])),
    )
    line = base.mark_line(point=alt.OverlayMarkDef(size=70), color="#005eb8").encode(
        y=alt.Y(
            "feeling_safe:Q",
            title="Patients who feel safe (%)",
            scale=alt.Scale(domain=[40, 90]),
        ),
        tooltip=[
            alt.Tooltip("week:Q", title="Week"),
            alt.Tooltip("feeling_safe:Q", title="Feeling safe (%)"),
        ],
    )
    median = (
        alt.Chart(shown)
        .mark_rule(color="#3d3d3d", strokeDash=[6, 4], size=2)
        .encode(y="median(feeling_safe):Q")
    )
    start = (
        alt.Chart(pd.DataFrame({"week": [CHANGES_START_WEEK - 0.5], "label": ["Changes tested"]}))
        .mark_rule(color="#490092", size=2)
        .encode(x="week:Q")
    )
    start_label = (
        alt.Chart(pd.DataFrame({"week": [CHANGES_START_WEEK - 0.3], "label": ["Changes tested"]}))
        .mark_text(align="left", baseline="top", dy=4, color="#490092", fontSize=13)
        .encode(x="week:Q", y=alt.datum(88), text="label:N")
    )
    layers = [line, median] + ([start, start_label] if weeks >= CHANGES_START_WEEK else [])
    return alt.layer(*layers).properties(
        width=560,
        height=300,
        title=alt.Title(
            "Patients who feel safe on the ward, week by week",
            subtitle=f"First {weeks} weeks shown; the dashed line is the median (synthetic data)",
        ),
        description=(
            "Run chart of the weekly percentage of patients who feel safe on the ward, "
            f"showing the first {weeks} weeks with the median as a dashed line."
        ),
    )


def answer_text(data: pd.DataFrame, weeks: int) -> str:
    """The answer to the page's question about week 13, from the weeks shown."""
    before = data.loc[data["week"] < CHANGES_START_WEEK, "feeling_safe"]
    after = data.loc[(data["week"] >= CHANGES_START_WEEK) & (data["week"] <= weeks), "feeling_safe"]
    median = float(before.median())
    above = int((after > median).sum())
    if len(after) < SHIFT_POINTS:
        return (
            f"Too early to say. Only {len(after)} week{'s' if len(after) != 1 else ''} since the "
            f"change; a shift needs {SHIFT_POINTS} weeks in a row above (or below) the median of "
            "the weeks before. Move the slider on and look again."
        )
    if above == len(after):
        return (
            f"Yes, it is different. In the 12 weeks before the change the median was "
            f"{median:g}%. All {len(after)} weeks from week {CHANGES_START_WEEK} on are above "
            f"it (the dashed line is the median of all the weeks shown, so it sits higher). "
            f"{SHIFT_POINTS} or more weeks in a row on one side of the median is a shift: "
            "a sign of a real change, not the usual ups and downs, which move above and below "
            "the median. Workbook 05 teaches this rule and the others."
        )
    return (
        f"{above} of the {len(after)} weeks since the change are above the median of the weeks "
        f"before ({median:g}%). Look for {SHIFT_POINTS} or more in a row on one side: that is a "
        "shift, the sign of a real change."
    )


class WelcomeApp(widgets.VBox):
    """A slider that reveals a ward's data week by week, redrawing the run chart."""

    def __init__(self) -> None:
        self.data = example_measure()
        self.errors = ErrorPanel()
        self.weeks = widgets.IntSlider(
            value=12,
            min=6,
            max=len(self.data),
            step=1,
            description="Weeks shown",
            continuous_update=True,
            style={"description_width": "initial"},
            layout=widgets.Layout(width="420px"),
        )
        self.view = ChartView(run_chart(self.data, self.weeks.value))
        self.prompt = widgets.HTML(self._prompt_text(self.weeks.value))

        self.reveal = widgets.Button(
            description="See the answer",
            tooltip="What the chart shows after the changes started",
            layout=widgets.Layout(width="auto", align_self="flex-start", display="none"),
        )
        self.answer = widgets.HTML()

        @guarded(self.errors)
        def redraw(change: dict) -> None:
            self.view.update(run_chart(self.data, change["new"]))
            self.prompt.value = self._prompt_text(change["new"])
            started = change["new"] >= CHANGES_START_WEEK
            self.reveal.layout.display = None if started else "none"
            if self.answer.value:  # once shown, the answer follows the slider
                self.answer.value = self._answer(change["new"]) if started else ""

        @guarded(self.errors)
        def show_answer(_: widgets.Button) -> None:
            self.answer.value = self._answer(self.weeks.value)

        self.weeks.observe(redraw, names="value")
        self.reveal.on_click(show_answer)
        super().__init__(
            [self.weeks, self.prompt, self.reveal, self.answer, self.errors, self.view]
        )

    def _answer(self, weeks: int) -> str:
        return f'<p class="qikit-note"><strong>Answer.</strong> {answer_text(self.data, weeks)}</p>'

    @staticmethod
    def _prompt_text(weeks: int) -> str:
        if weeks < CHANGES_START_WEEK:
            text = (
                "Before any change: what do you predict the next few weeks will look like? "
                "Move the slider to see."
            )
        else:
            text = (
                f"The team started testing changes in week {CHANGES_START_WEEK}. "
                "Is the data after that different from before, or just the usual ups and downs?"
            )
        return f'<p class="qikit-note">{text}</p>'


def app() -> WelcomeApp:
    """The welcome workbook's app."""
    return WelcomeApp()
