"""Exercises: choosing the right chart for a ward measure.

The chart-selection table of QI_REFERENCE 4.1 (qicharts2 vignette [S26]): continuous one value per
period -> I; classification (numerator part of the denominator) -> P; counts with varying exposure
-> U; rare events, time between -> T, cases between -> G; start with a run chart, and fewer than
12 points means run chart only (kit default, 4.3). The same table drives
``qikit.choose_chart``. Wards: synthetic (Willow, Holly, Birch, Juniper).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from qikit.exercises.kinds import Computed, MultipleChoice
from qikit.exercises.shown import Table, jupyter_only
from qikit.exercises.shown import table as readable_table
from qikit.exercises.topics import Code, Text, Topic

#: The chart codes a learner answers with (as ``qikit.spc(chart=...)`` names them).
CHARTS = {
    "run": "Run chart",
    "i": "I chart (XmR): one measurement per period",
    "p": "P chart: a percentage, each case counts or not",
    "c": "C chart: counts with the same opportunity each period",
    "u": "U chart: counts per varying exposure (such as per 1,000 bed days)",
    "t": "T chart: time between rare events",
    "g": "G chart: cases (patients, shifts) between rare events",
}
FALLS_WARD = "W03"


@cache
def _falls() -> pd.DataFrame:
    from qikit.datasets import load

    weekly = load("weekly")
    rows = weekly[(weekly["ward_id"] == FALLS_WARD) & (weekly["week"] <= 26)]
    return rows[["week", "falls", "occupied_bed_days"]].reset_index(drop=True)


def falls_table(frame: pd.DataFrame | None = None) -> Table:
    """Birch Ward's weeks as a learner reads them: readable headings, no row numbers."""
    shown = _falls() if frame is None else frame
    headings = {"week": "Week", "falls": "Falls", "occupied_bed_days": "Occupied bed days"}
    return readable_table(shown, headings, "Birch Ward: falls in its first 26 weeks")


def falls() -> pd.DataFrame:
    """Birch Ward's falls in its first 26 weeks."""
    return _falls().copy()


def _choice(title: str, prompt: str, answer: str, why_not: dict, hints: list, reasoning: str):
    return MultipleChoice(
        title=title,
        prompt=prompt,
        options=dict(CHARTS),
        answer=answer,
        why_not=why_not,
        hints=hints,
        reasoning=reasoning,
        solution_code=f'answer = "{answer}"\n{{q}}.check(answer)',
    )


_COUNT_NOT_SHARE = (
    "Each point here is a count of events, not a share of cases that passed or failed."
)
_NOT_RARE = "These events are not rare: most weeks have some."

q1 = _choice(
    "Restraint per occupied bed day",
    "Willow Ward charts its **restraint episodes per 1,000 occupied bed days** each week. The "
    "number of occupied bed days changes from week to week. Which chart?",
    "u",
    {
        "run": "A run chart is a fine start, but which control chart suits this measure?",
        "i": "An I chart ignores how the bed days change from week to week.",
        "p": _COUNT_NOT_SHARE,
        "c": "A C chart assumes the same opportunity every week; here the bed days change.",
        "t": _NOT_RARE,
        "g": _NOT_RARE,
    },
    ["Is it a count or a percentage? Does the area of opportunity stay the same?"],
    "A U chart: a count of events per varying exposure (occupied bed days).\n\n"
    "Its limits step up and down with each week's bed days. A C chart would only do if the bed "
    "days were the same every week.",
)

q2 = _choice(
    "NEWS2 on time",
    "Holly Ward charts the **percentage of NEWS2 physical-health sets completed on time** each "
    "week: each set due either was or was not done on time. Which chart?",
    "p",
    {
        "run": "A run chart is a fine start, but which control chart suits this measure?",
        "i": "An I chart ignores how many sets were due each week.",
        "u": "Each set either passes or fails: this is a share of cases, not a rate of events.",
        "c": "This is a percentage, not a count of events.",
        "t": "These are not rare events.",
        "g": "These are not rare events.",
    },
    ["Each case (a NEWS2 set due) either counts or not: what kind of data is that?"],
    "A P chart: each NEWS2 set due is a case that either was or was not done on time (a "
    "classification).\n\n"
    "The numerator is part of the denominator, so the binomial model of the P chart fits; its "
    "limits are wider in weeks with fewer sets due.",
)

q3 = Computed(
    title="How rare are falls?",
    prompt=(
        "Birch Ward (older adults) wants to chart falls. The table shows its first 26 weeks. In "
        "how many of the 26 weeks were there **no falls at all**?"
    ),
    jupyter="`falls` holds the same weeks: columns `week`, `falls` and `occupied_bed_days`.",
    hints=[
        "Count the weeks with 0 in the Falls column.\n\n"
        'In Jupyter: `(falls["falls"] == 0).sum()` counts them.'
    ],
    reasoning=(
        "20 of the 26 weeks had no falls.\n\n"
        "When most periods have no events, a chart of weekly counts is mostly zeros and its "
        "lower limit is stuck at 0: it cannot show improvement. Charting the time between "
        "events works better."
    ),
    solution_code='answer = (falls["falls"] == 0).sum()\n{q}.check(answer)',
    compute=lambda: float((_falls()["falls"] == 0).sum()),
    units="weeks",
    decimals=0,
    mistakes=[(6, "That is the number of weeks with at least one fall.")],
)

q4 = _choice(
    "Charting rare events",
    "Falls on Birch Ward are rare (your answer above). The team records the **date of each "
    "fall**, so it can count the days between one fall and the next. Which chart?",
    "t",
    {
        "run": "A run chart of the days between falls would work, but which control chart?",
        "i": "Days between events are skewed; the I chart's assumption does not fit untransformed.",
        "p": "This is not a percentage.",
        "c": "Weekly counts of rare events are mostly zeros: the chart cannot show improvement.",
        "u": "Weekly rates of rare events are mostly zeros: the chart cannot show improvement.",
        "g": "The G chart counts cases (patients, shifts) between events. Here it is days.",
    },
    ["Rare events: chart the gap between them. Is the gap measured in time or in cases?"],
    "A T chart: time (days) between rare events.\n\n"
    "Longer gaps are good news. A G chart would suit counting patients or shifts between falls "
    "instead of days.",
)

q5 = _choice(
    "A new measure, only eight weeks old",
    "Juniper Ward started recording the **average minutes of one-to-one time per patient** "
    "eight weeks ago: one value a week. With only those **8 points**, which chart should the team "
    "start with?",
    "run",
    {
        "i": "One value per week would suit an I chart later. How many points do limits need?",
        "p": "This is an average of minutes, not a percentage.",
        "c": "This is an average, not a count.",
        "u": "This is an average, not a count per exposure.",
        "t": "These are not rare events.",
        "g": "These are not rare events.",
    },
    [
        "One measurement per period would suit an I chart, but look at the number of points.",
        "Control limits need at least 12 points, and 20 or more give steady limits.",
    ],
    "A run chart: with only 8 points, control limits would not be trustworthy.\n\n"
    "Once there are 12 to 20 weekly values, an I chart (XmR) suits one measurement per period; "
    "until then the run chart rules still apply (from 10 points).",
)

TOPIC = Topic(
    slug="choosing_a_chart",
    number=6,
    title="Choosing the right chart",
    minutes=15,
    objectives=[
        "Choose between P, U, C and I charts from the kind of data",
        "Recognise rare events and chart the time or cases between them",
        "Know when a run chart must come first",
    ],
    key_points=[
        "Percentages of cases: P. Counts per bed day: U. One measurement per period: I.",
        "Rare events: chart the gaps (T for days, G for cases). Under 12 points: run chart.",
    ],
    setup="falls = ex.falls()",
    cells=[
        Text(
            "## Which chart?\n\nFor each measure, choose the chart that suits its data.\n\n"
            + jupyter_only(
                "In Jupyter, answer with the chart's code, as `qikit.spc(chart=...)` names it: "
                "`run`, `i`, `p`, `c`, `u`, `t` or `g`."
            )
        ),
        "q1",
        "q2",
        Text("## Rare events"),
        Code("ex.falls_table(falls)"),
        "q3",
        "q4",
        Text("## How many points?"),
        "q5",
    ],
    exercises={"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5},
)
