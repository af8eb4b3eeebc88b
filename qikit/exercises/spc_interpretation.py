"""Exercises: reading an SPC chart the Making Data Count way (rules and icons).

MDC rules (QI_REFERENCE 5.1, [S30]): a point outside the process limits; 7 points in a row above
or below the mean (shift); 7 going up or down (trend); 2 of 3 points beyond two-thirds of the way
to a limit, on the same side. Variation icon: the latest point; assurance icon: the target
against the process limits (5.3). Data: Iris Ward (W14, synthetic), shifts that held a safety
huddle (p chart), limits frozen on the 34 weeks before the change started in week 35.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from qikit.exercises.kinds import ChartReading, Computed, MultipleChoice, letters
from qikit.exercises.shown import Table, jupyter_only
from qikit.exercises.shown import table as readable_table
from qikit.exercises.topics import Code, Text, Topic

WARD = "W14"
WARD_NAME = "Iris Ward"
BASELINE_WEEKS = 34
LAST_WEEK = 52
TARGET = 90


@cache
def _data() -> pd.DataFrame:
    from qikit.datasets import load

    weekly = load("weekly")
    rows = weekly[(weekly["ward_id"] == WARD) & (weekly["week"] <= LAST_WEEK)]
    table = rows[["week", "huddles_held", "shifts"]].reset_index(drop=True)
    table["huddle_pct"] = 100 * table["huddles_held"] / table["shifts"]
    return table


def data() -> pd.DataFrame:
    """Iris Ward's weekly shifts with a safety huddle, weeks 1 to 52."""
    return _data().copy()


@cache
def result():
    """The p chart with Making Data Count rules, limits frozen on the baseline weeks."""
    from qikit.spc import spc

    return spc(
        _data(),
        y="huddles_held",
        n="shifts",
        x="week",
        chart="p",
        rules="mdc",
        freeze=BASELINE_WEEKS,
        improvement="increase",
        target=TARGET,
        multiply=100,
    )


def _plain():
    from qikit.exercises.charts import plain_chart

    return plain_chart(
        result(),
        title=f"{WARD_NAME}: shifts that held a safety huddle",
        y_title="Shifts with a huddle (%)",
        description=(
            f"P chart of the weekly percentage of shifts with a safety huddle on {WARD_NAME}, "
            f"weeks 1 to {LAST_WEEK}, mean and process limits from weeks 1 to {BASELINE_WEEKS}."
        ),
    )


def chart():
    """The chart to read: mean (dashed) and process limits (dotted), no signals marked."""
    from qikit.apps.common import ChartView

    return ChartView(_plain())


def limits() -> dict[str, float]:
    """The baseline mean and process limits, in %."""
    first = result().points.iloc[0]
    return {
        "lower limit": float(first["lcl"]),
        "mean": float(first["cl"]),
        "upper limit": float(first["ucl"]),
    }


#: The table's headings, by column.
HEADINGS = {
    "week": "Week",
    "huddles_held": "Huddles held",
    "shifts": "Shifts",
    "huddle_pct": "Shifts with a huddle (%)",
}


def table(frame: pd.DataFrame | None = None) -> Table:
    """Iris Ward's weeks as a learner reads them: readable headings, no row numbers."""
    shown = _data() if frame is None else frame
    return readable_table(shown, HEADINGS, f"{WARD_NAME}: shifts with a safety huddle")


def limits_table() -> Table:
    """The baseline mean and process limits, as a learner reads them."""
    values = limits()
    frame = pd.DataFrame([{k.replace(" ", "_"): v for k, v in values.items()}])
    headings = {
        "lower_limit": "Lower limit (%)",
        "mean": "Mean (%)",
        "upper_limit": "Upper limit (%)",
    }
    return readable_table(frame, headings, f"The p chart's baseline, weeks 1 to {BASELINE_WEEKS}")


q1 = Computed(
    title="The baseline mean",
    prompt=(
        f"The p chart's centre line is the baseline mean: all huddles held in weeks 1 to "
        f"{BASELINE_WEEKS}, divided by all shifts in those weeks, as a percentage. Work it out "
        "from the table. Give one decimal place."
    ),
    jupyter="Use `data`: its columns `week`, `huddles_held` and `shifts`.",
    hints=[
        f"Keep the baseline weeks, 1 to {BASELINE_WEEKS}.\n\n"
        f'In Jupyter: `baseline = data[data["week"] <= {BASELINE_WEEKS}]`.',
        "Then 100 × total huddles held / total shifts.",
    ],
    reasoning=(
        "369 huddles in 714 shifts is 51.7%.\n\n"
        "A p chart pools the numerators and denominators (not the mean of the weekly "
        "percentages; here they agree because every week has 21 shifts). Freezing the limits on "
        "the baseline means later weeks are judged against how the ward was before the change."
    ),
    solution_code=(
        f'baseline = data[data["week"] <= {BASELINE_WEEKS}]\n'
        'answer = 100 * baseline["huddles_held"].sum() / baseline["shifts"].sum()\n'
        "{q}.check(answer)"
    ),
    compute=lambda: float(result().points["cl"].iloc[0]),
    tolerance=0.05,
    units="%",
    mistakes=[(0.5168, "That is a share. Multiply by 100 for a percentage.")],
)

q2 = ChartReading(
    title="Is there a signal?",
    prompt=(
        "The team started testing huddles in week 35. Using the Making Data Count rules, is there "
        "a signal of special cause variation after that? If so, which rule marks the **first** "
        "special cause point, and which week is it? (Shift: 7 points in a row on one side of the "
        "mean. Trend: 7 going up or down. Outside limits. Two of three near a limit.)"
    ),
    hints=[
        "Look at the points from week 35 on: are they above or below the mean?",
        "Count the points in a row above the mean starting in week 35. Seven make a shift, and "
        "every point of it is special cause.",
    ],
    reasoning=(
        "Yes: from week 35 every point is above the baseline mean, so weeks 35 to 41 make a "
        "shift of 7 and week 35 is the first special cause point.\n\n"
        "Later a point goes above the upper limit and two of three points are close to it, but "
        "the shift marks the change from its first week."
    ),
    solution_code='{q}.check({"signal": "yes", "rule": "shift", "week": 35})',
    signal=True,
    rules=("shift",),
    first_point=35,
    point_label="week",
    chart=_plain,
    point_range=(1, LAST_WEEK),
)

q3 = Computed(
    title="Outside the limits",
    prompt=(
        "In which week is the **first** point above the upper process limit? (The limits are "
        "under the chart; the table has the weekly percentages.)"
    ),
    jupyter="`ex.limits()` gives the limits; `data` has the weekly percentages (`huddle_pct`).",
    hints=[
        "Compare each week's percentage with the upper limit, week by week.",
        "Start at week 35, when the testing began, and go down the table.\n\n"
        'In Jupyter: `data[data["huddle_pct"] > ex.limits()["upper limit"]]`.',
    ],
    reasoning=(
        "Week 42 (85.7%) is the first point above the upper process limit of 84.4%.\n\n"
        "A single point outside the limits is a signal on its own; here it confirms the shift."
    ),
    solution_code=(
        'above = data[data["huddle_pct"] > ex.limits()["upper limit"]]\n'
        'answer = above["week"].min()\n'
        "{q}.check(answer)"
    ),
    compute=lambda: float(
        _data().loc[_data()["huddle_pct"] > limits()["upper limit"], "week"].min()
    ),
    units="",
    decimals=0,
    mistakes=[(35, "Week 35 starts the shift, but is it above the upper limit?")],
)

q4 = MultipleChoice(
    title="The variation icon",
    prompt=(
        "The Making Data Count **variation icon** describes the latest point (week 52). Higher "
        "is better for this measure. Which icon should the chart show?"
    ),
    options=letters(
        [
            "Common cause: no significant change.",
            "Special cause improvement, high: the measure is higher than expected, which is good.",
            "Special cause concern, high: the measure is higher than expected, which is bad.",
            "Special cause concern, low: the measure is lower than expected, which is bad.",
        ]
    ),
    answer="b",
    why_not={
        "a": "Week 52 is close to the mean, but is it still part of a run that started earlier?",
        "c": "Higher is better for huddles. Would a rise be a concern?",
        "d": "Is week 52 below the baseline mean?",
    },
    hints=[
        "The icon comes from the latest point, but a point can be special cause because it is "
        "part of a shift.",
        "Is week 52 still above the baseline mean, in the same unbroken run as weeks 35 to 51?",
    ],
    reasoning=(
        "Special cause improvement (high): week 52 (52.4%) is just above the baseline mean and "
        "is part of the unbroken run above it that started in week 35.\n\n"
        "Blue in Making Data Count means improvement, orange concern, grey common cause. The "
        "icon reflects the latest point only, so it can change back next week."
    ),
    solution_code='answer = "b"\n{q}.check(answer)',
)

q5 = MultipleChoice(
    title="The assurance icon",
    prompt=(
        f"The trust's target is **{TARGET}% of shifts with a huddle**. The **assurance icon** "
        "compares the target with the process limits (under the chart). Which icon should the "
        "chart show?"
    ),
    options=letters(
        [
            "Consistently pass: the target is below the lower limit.",
            "Hit and miss: the target is between the limits.",
            "Consistently fail: the target is above the upper limit.",
            "No icon: assurance needs a run chart.",
        ]
    ),
    answer="c",
    why_not={
        "a": "Compare the target with the lower limit: is it below?",
        "b": "Compare the target with the upper limit: is it between the limits?",
        "d": "The assurance icon is drawn from the process limits of an SPC chart.",
    },
    hints=["Where does the target fall: below the lower limit, between, or above the upper?"],
    reasoning=(
        f"Consistently fail: the target ({TARGET}%) is above the upper process limit (84.4%), so "
        "the process as it was will not reach it without a change to the system.\n\n"
        "The icon judges the process, not one week: even the best baseline weeks (80.9%) stayed "
        "below the target. Recalculate the limits once the change has been sustained."
    ),
    solution_code='answer = "c"\n{q}.check(answer)',
)

TOPIC = Topic(
    slug="spc_interpretation",
    number=7,
    title="Reading SPC charts: Making Data Count rules and icons",
    minutes=25,
    objectives=[
        "Work out the centre line of a p chart from a baseline",
        "Apply the Making Data Count rules: shift, trend, outside limits, two of three",
        "Say which variation and assurance icons a chart should show, and why",
    ],
    key_points=[
        "Freeze the limits on the baseline to see whether a change has moved the process.",
        "The variation icon is about the latest point; the assurance icon is about the target "
        "against the limits.",
    ],
    setup="data = ex.data()",
    cells=[
        Text(
            f"## {WARD_NAME}'s safety huddles\n\n{WARD_NAME} wants a safety huddle on every "
            "shift (21 a week). The table shows weeks 1 to 52. The team began testing changes "
            f"to make huddles happen in week 35, so the mean and limits come from weeks 1 to "
            f"{BASELINE_WEEKS}.\n\n"
            + jupyter_only(
                "In Jupyter, `data` holds the same weeks: columns `week`, `huddles_held`, "
                "`shifts` and `huddle_pct`."
            )
        ),
        Code("ex.table(data)"),
        "q1",
        Text("## The chart\n\nDashed: the baseline mean. Dotted: the process limits."),
        Code("ex.chart()"),
        Code("ex.limits_table()"),
        "q2",
        "q3",
        Text("## The icons"),
        "q4",
        "q5",
    ],
    exercises={"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5},
)
