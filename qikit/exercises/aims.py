"""Exercises: the Model for Improvement and aim statements.

Model for Improvement: three questions plus PDSA (Langley et al.; QI_REFERENCE 1.1). Aims: what,
how much, by when, for whom, where (IHI [S1]); "some is not a number; soon is not a time" [S3]
(QI_REFERENCE 1.2). Data: Willow Ward (W01, synthetic), restraint episodes before its change
started in week 38 (``changes.csv``).
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from qikit.exercises.kinds import Computed, MultipleChoice, PlanCheck, letters
from qikit.exercises.shown import Table, jupyter_only
from qikit.exercises.shown import table as readable_table
from qikit.exercises.topics import Code, Text, Topic
from qikit.improve import Aim

WARD = "W01"
WARD_NAME = "Willow Ward"
CHANGE_WEEK = 38
REDUCTION_PERCENT = 40


@cache
def _data() -> pd.DataFrame:
    from qikit.datasets import load

    weekly = load("weekly")
    rows = weekly[(weekly["ward_id"] == WARD) & (weekly["week"] < CHANGE_WEEK)]
    return rows[["week", "week_start", "restraint_episodes", "occupied_bed_days"]].reset_index(
        drop=True
    )


def data() -> pd.DataFrame:
    """Willow Ward's weekly restraint episodes and occupied bed days before the change."""
    return _data().copy()


#: The table's headings, by column.
HEADINGS = {
    "week": "Week",
    "week_start": "Week starting",
    "restraint_episodes": "Restraint episodes",
    "occupied_bed_days": "Occupied bed days",
}


def table(frame: pd.DataFrame | None = None) -> Table:
    """Willow Ward's weeks as a learner reads them: readable headings, no row numbers."""
    shown = _data() if frame is None else frame
    return readable_table(shown, HEADINGS, f"{WARD_NAME}: restraint before the change")


def baseline_rate() -> float:
    """Restraint episodes per 1,000 occupied bed days over the baseline weeks (pooled)."""
    table = _data()
    return 1000 * table["restraint_episodes"].sum() / table["occupied_bed_days"].sum()


def aim_feedback(statement: str) -> list:
    """The aim coach's feedback on a free-text aim."""
    return Aim.from_text(str(statement)).feedback()


q1 = MultipleChoice(
    title="The three questions",
    prompt=(
        "The Model for Improvement asks three questions before any PDSA cycle. Which question "
        "does an **aim** answer?"
    ),
    options=letters(
        [
            "How will we know that a change is an improvement?",
            "What are we trying to accomplish?",
            "What changes can we make that will result in improvement?",
            "Who is to blame for the problem?",
        ]
    ),
    answer="b",
    why_not={
        "a": "That question is answered by your measures (outcome, process, balancing).",
        "c": "That question is answered by your change ideas, tested with PDSA cycles.",
        "d": "Improvement looks at systems, not blame. Look for the question about what you "
        "want to achieve.",
    },
    hints=["An aim says what the team wants to achieve, how much and by when."],
    reasoning=(
        "The aim answers 'What are we trying to accomplish?'.\n\n"
        "Measures answer 'How will we know that a change is an improvement?' and change ideas "
        "answer 'What changes can we make?'. Most teams start with the aim, and revisit all "
        "three as they learn (Langley et al., The Improvement Guide)."
    ),
    solution_code='answer = "b"\n{q}.check(answer)',
)

q2 = MultipleChoice(
    title="Spot the strongest aim",
    prompt=(
        f"{WARD_NAME}'s team drafted four aims. Which one has every part IHI asks for: what, "
        "how much, by when, for whom and where?"
    ),
    options=letters(
        [
            "Improve patient safety on Willow Ward.",
            "Reduce restraint on Willow Ward as soon as possible.",
            "Reduce restraint episodes for adults on Willow Ward from 22 to 13 per 1,000 occupied "
            "bed days by 31 March 2026.",
            "Reduce restraint by 40% by March 2026.",
        ]
    ),
    answer="c",
    why_not={
        "a": "'Improve' on its own cannot be measured: some is not a number, and there is no date.",
        "b": "'As soon as possible' is not a date, and the aim gives no number: soon is not a "
        "time.",
        "d": "This one has a number and a date, but for whom, and where?",
    },
    hints=[
        "Check each aim for a number, a date, the people it is for and the place.",
        "Only one aim says who will benefit.",
    ],
    reasoning=(
        "Option (c) says what (restraint episodes), how much (from 22 to 13 per 1,000 occupied "
        "bed days), by when (31 March 2026), for whom (adults) and where (Willow Ward).\n\n"
        "The others miss a number, a date, the people or the place: 'some is not a number; soon "
        "is not a time'."
    ),
    solution_code='answer = "c"\n{q}.check(answer)',
)

q3 = Computed(
    title="Where are we now?",
    prompt=(
        "An aim starts from today's level, the **baseline**. Using the table (weeks 1 to 37, "
        "before the change), work out Willow Ward's restraint rate **per 1,000 occupied bed "
        "days**: all the episodes divided by all the occupied bed days, times 1,000. Give one "
        "decimal place."
    ),
    jupyter="Use `data`: its columns `restraint_episodes` and `occupied_bed_days`.",
    hints=[
        "Add up all the restraint episodes, and all the occupied bed days.\n\n"
        'In Jupyter: `data["restraint_episodes"].sum()` adds up a column.',
        "Rate = 1000 × (total episodes) / (total occupied bed days).",
    ],
    reasoning=(
        "100 episodes in 4,526 occupied bed days is 22.1 per 1,000 occupied bed days.\n\n"
        "Dividing totals (a pooled rate) weights each week by its bed days. A rate per 1,000 "
        "occupied bed days lets wards of different sizes, and weeks with empty beds, be compared."
    ),
    solution_code=(
        'answer = 1000 * data["restraint_episodes"].sum() / data["occupied_bed_days"].sum()\n'
        "{q}.check(answer)"
    ),
    compute=baseline_rate,
    tolerance=0.05,
    units="per 1,000 occupied bed days",
    mistakes=[
        (100, "That is the number of episodes. Divide by the occupied bed days, times 1,000."),
        (
            0.0221,
            "That is per occupied bed day. Multiply by 1,000 to get the rate per 1,000.",
        ),
    ],
)

q4 = Computed(
    title="How much, exactly?",
    prompt=(
        f"The team wants a **{REDUCTION_PERCENT}% reduction** from the baseline you found. What "
        "rate per 1,000 occupied bed days should the aim say? Give one decimal place."
    ),
    hints=[
        f"A {REDUCTION_PERCENT}% reduction leaves {100 - REDUCTION_PERCENT}% of the baseline.",
        f"Multiply your answer to exercise 3 by {(100 - REDUCTION_PERCENT) / 100:g}.",
    ],
    reasoning=(
        "22.1 × 0.6 = 13.3 per 1,000 occupied bed days.\n\n"
        "Writing the target as a number ('from 22.1 to 13.3') rather than only as a percentage "
        "means everyone can see on the chart whether the ward got there."
    ),
    solution_code=(
        'baseline = 1000 * data["restraint_episodes"].sum() / data["occupied_bed_days"].sum()\n'
        f"answer = baseline * {(100 - REDUCTION_PERCENT) / 100:g}\n"
        "{q}.check(answer)"
    ),
    compute=lambda: baseline_rate() * (100 - REDUCTION_PERCENT) / 100,
    tolerance=0.1,
    units="per 1,000 occupied bed days",
    mistakes=[
        (8.8, "That is the 40% that would go. The target is what is left: 60% of the baseline."),
        (-17.9, "That is the baseline minus 40. The 40 is a percentage of the baseline."),
    ],
)

EXAMPLE_AIM = (
    "Reduce restraint episodes for adults on Willow Ward from 22.1 to 13.3 per 1,000 occupied "
    "bed days by 31 March 2026."
)

q5 = PlanCheck(
    title="Write the aim",
    prompt=(
        "Now write Willow Ward's aim in one sentence. Use your answers above: what, how much "
        "(from and to), by when, for whom and where. The aim coach in qikit reads it and says "
        "what a coach would ask for."
    ),
    jupyter='In a cell, put the aim between quotes: `answer = "Reduce ..."`.',
    hints=[
        "A strong aim fits the pattern: reduce (what) for (whom) on (where) from (baseline) to "
        "(target) by (date).",
        "Write the date in full, like 31 March 2026, and name the ward.",
    ],
    reasoning=(
        "Every part a coach looks for is there: what, how much (from and to), by when, for whom "
        "and where.\n\n"
        "In the workbook on aims the team also records who shaped the aim, including people "
        "with lived experience; this exercise checks the statement itself."
    ),
    solution_code=f'answer = "{EXAMPLE_AIM}"\n{{q}}.check(answer)',
    build=aim_feedback,
    example=EXAMPLE_AIM,
    strict=("baseline", "statement"),
    what="aim",
)

TOPIC = Topic(
    slug="aims",
    number=1,
    title="The Model for Improvement and writing an aim",
    minutes=20,
    objectives=[
        "Name the three questions of the Model for Improvement and what answers each",
        "Tell a strong aim from a weak one",
        "Work out a ward's baseline rate and a target from it",
        "Write an aim that says what, how much, by when, for whom and where",
    ],
    key_points=[
        "Some is not a number; soon is not a time.",
        "Start from the baseline: the target is a change from where the ward is now.",
    ],
    setup="data = ex.data()",
    cells=[
        Text(
            "## The three questions\n\nEvery improvement project answers three questions, then "
            "tests changes with Plan-Do-Study-Act cycles."
        ),
        "q1",
        Text(
            f"## {WARD_NAME}\n\n{WARD_NAME} is an adult acute ward. Its team wants to reduce "
            "physical restraint. The table shows its weekly restraint episodes and occupied "
            "bed days for the 37 weeks before it started testing changes.\n\n"
            + jupyter_only(
                "In Jupyter, `data` holds the same weeks: columns `week`, `week_start`, "
                "`restraint_episodes` and `occupied_bed_days`."
            )
        ),
        Code("ex.table(data)"),
        "q2",
        "q3",
        "q4",
        "q5",
    ],
    exercises={"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5},
)
