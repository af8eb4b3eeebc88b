"""Exercises: reading a run chart (median, runs, shift and trend rules).

Data: Magnolia Ward (W16, synthetic), the percentage of audited observations done on time, weeks 41
to 64. The ward started its change (a new observation schedule) in week 49 (``changes.csv``).
Rules: IHI / Perla, Provost and Murray 2011 (QI_REFERENCE 3.1): shift = 6 or more points on one
side of the median; trend = 5 or more going the same way; runs compared with the runs table (3.2).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from qikit.exercises.kinds import ChartReading, Computed, MultipleChoice, letters
from qikit.exercises.shown import Table, jupyter_only
from qikit.exercises.shown import table as readable_table
from qikit.exercises.topics import Code, Text, Topic

WARD = "W16"
WARD_NAME = "Magnolia Ward"
FIRST_WEEK, LAST_WEEK = 41, 64
CHANGE_WEEK = 49


@cache
def _data() -> pd.DataFrame:
    from qikit.datasets import load

    weekly = load("weekly")
    rows = weekly[(weekly["ward_id"] == WARD) & weekly["week"].between(FIRST_WEEK, LAST_WEEK)]
    table = rows[["week", "observations_on_time", "observations_due"]].reset_index(drop=True)
    table["on_time_pct"] = 100 * table["observations_on_time"] / table["observations_due"]
    return table


def data() -> pd.DataFrame:
    """Magnolia Ward's weekly observations done on time (a copy you can change freely)."""
    return _data().copy()


#: The table's headings, by column.
HEADINGS = {
    "week": "Week",
    "observations_on_time": "Observations on time",
    "observations_due": "Observations due",
    "on_time_pct": "On time (%)",
}


def table(frame: pd.DataFrame | None = None) -> Table:
    """Magnolia Ward's weeks as a learner reads them: readable headings, no row numbers."""
    shown = _data() if frame is None else frame
    return readable_table(shown, HEADINGS, f"{WARD_NAME}: observations done on time")


@cache
def run_chart_result():
    from qikit.spc import spc

    return spc(_data(), y="on_time_pct", x="week", chart="run", rules="ihi")


def chart():
    """The run chart to read, with the median and no signals marked."""
    from qikit.apps.common import ChartView

    return ChartView(_plain())


def _plain():
    from qikit.exercises.charts import plain_chart

    return plain_chart(
        run_chart_result(),
        title=f"{WARD_NAME}: observations done on time",
        y_title="Observations on time (%)",
        description=(
            f"Run chart of the weekly percentage of observations done on time on {WARD_NAME}, "
            f"weeks {FIRST_WEEK} to {LAST_WEEK}, with the median as a dashed line."
        ),
    )


q1 = Computed(
    title="Find the median",
    prompt=(
        "A run chart's centre line is the **median** of the points. Work out the median of "
        "the percentages on time in the table (24 weeks). Give it to one decimal place."
    ),
    jupyter="Use the column `on_time_pct` of `data`.",
    hints=[
        "The median is the middle value when the points are sorted; with an even number of "
        "points it is halfway between the two middle ones.",
        "Sort the 24 percentages from lowest to highest: the median is halfway between the "
        "12th and the 13th.\n\n"
        'In Jupyter: `data["on_time_pct"].median()` does it for you.',
    ],
    reasoning=(
        "The median of the 24 weekly percentages is the centre line of the run chart.\n\n"
        "With 24 points it is the average of the 12th and 13th sorted values. A run chart uses "
        "the median, not the mean, so that half the points lie on each side whatever the shape "
        "of the data, which is what the run rules assume."
    ),
    solution_code='answer = data["on_time_pct"].median()\n{q}.check(answer)',
    compute=lambda: _data()["on_time_pct"].median(),
    tolerance=0.05,
    units="%",
    mistakes=[
        (
            89.67,
            "That is the mean (average). A run chart's centre line is the median: the middle "
            "value.",
        )
    ],
)

q2 = Computed(
    title="Count the runs",
    prompt=(
        "A **run** is one or more points in a row on the same side of the median; a new run "
        "starts each time the line crosses the median (points on the median do not count). "
        "Look at the chart above. How many runs are there?"
    ),
    hints=[
        "Follow the line from left to right and count a new run each time it crosses the "
        "dashed median line.",
        "Runs = crossings + 1. Count how many times the line crosses the median.",
    ],
    reasoning=(
        "The first 12 weeks are all below the median and the last 12 all above: the line "
        "crosses the median once, so there are 2 runs.\n\n"
        "Runs = number of crossings + 1. Points exactly on the median are skipped."
    ),
    solution_code="answer = 2\n{q}.check(answer)",
    compute=lambda: float(run_chart_result().summary["n_runs"].iloc[0]),
    tolerance=0,
    units="runs",
    decimals=0,
    mistakes=[(1, "That is the number of crossings. Each crossing starts a new run.")],
)

q3 = MultipleChoice(
    title="Too few runs?",
    prompt=(
        "For 24 useful points (none on the median), the runs table (Perla, Provost and Murray "
        "2011; Swed and Eisenhart 1943) says a random process gives **between 8 and 18 runs** "
        "19 times in 20. What does the number of runs you counted tell you?"
    ),
    options=letters(
        [
            "The number of runs is within the expected range: only random variation.",
            "There are too few runs: a signal of non-random change.",
            "There are too many runs: the data may be from two mixed processes.",
            "Nothing: the runs rule needs at least 30 points.",
        ]
    ),
    answer="b",
    why_not={
        "a": "Compare the runs you counted with the lower end of the expected range.",
        "c": "Too many runs means the line crosses the median very often. Does it here?",
        "d": "The run chart rules apply from 10 useful points (IHI guidance).",
    },
    hints=["Is the number of runs you counted below 8, between 8 and 18, or above 18?"],
    reasoning=(
        "Two runs is far fewer than the 8 a random process would give at least, so there are too "
        "few runs: a signal of non-random variation.\n\n"
        "Too few runs means points stay on one side of the median for long stretches, which is "
        "what a sustained change does."
    ),
    solution_code='answer = "b"\n{q}.check(answer)',
)

q4 = ChartReading(
    title="Where does the change show?",
    prompt=(
        f"The ward started its new observation schedule in week {CHANGE_WEEK}. Use the buttons "
        "below the chart: is there a signal of change after that, which rule shows it, and in "
        "which week does that pattern start? (Shift: 6 or more points in a row on one side of "
        "the median. Trend: 5 or more points in a row going up, or going down.)"
    ),
    hints=[
        "Look at the points after the change. Do they stay on one side of the median?",
        "Count the points in a row above the median after the change. The shift starts at the "
        "first of them.",
    ],
    reasoning=(
        "There is a signal: every point from week 53 to week 64 is above the median, a shift "
        "of 12 points (6 are enough), so the shift starts in week 53.\n\n"
        "Weeks 58 to 63 also rise five times in a row, a trend, but it starts later and inside "
        "the shift. The first 12 weeks, all below the median, are the other half of the same "
        "picture: a process that moved up after the change."
    ),
    solution_code='{q}.check({"signal": "yes", "rule": "shift", "week": 53})',
    learner_code="{{q}}.widget()",
    signal=True,
    rules=("shift",),
    first_point=53,
    point_label="week",
    chart=_plain,
    point_range=(FIRST_WEEK, LAST_WEEK),
)

TOPIC = Topic(
    slug="run_charts",
    number=5,
    title="Run charts: median, runs, shifts and trends",
    minutes=20,
    objectives=[
        "Find the median of a ward measure, the centre line of a run chart",
        "Count runs and compare them with the runs table",
        "Use the shift and trend rules to say whether and when a change shows",
    ],
    key_points=[
        "A run chart needs no assumptions about the data: start every measure with one.",
        "Judge a change by the rules, not by eye: 6 on one side of the median is a shift.",
    ],
    setup="data = ex.data()",
    cells=[
        Text(
            f"## The ward and the measure\n\n{WARD_NAME} audits its patient observations every "
            "week. The table shows weeks 41 to 64: the observations done on time, the "
            "observations due and the percentage on time. The team started a new observation "
            f"schedule in week {CHANGE_WEEK}.\n\n"
            + jupyter_only(
                "In Jupyter, `data` holds the same weeks: columns `week`, `observations_on_time`, "
                "`observations_due` and `on_time_pct`."
            )
        ),
        Code("ex.table(data)"),
        "q1",
        Text("## The run chart\n\nThe dashed line is the median you just found."),
        Code("ex.chart()"),
        "q2",
        "q3",
        "q4",
    ],
    exercises={"q1": q1, "q2": q2, "q3": q3, "q4": q4},
)
