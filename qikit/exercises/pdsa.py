"""Exercises: PDSA cycles and ramps.

PDSA worksheet fields: IHI "Testing Changes" [S13][S14][S15] (QI_REFERENCE 2.1); ramps from small
tests to the whole ward: IHI [S16] (2.2); predictions before the test and small first tests are
fidelity features of Taylor et al. 2014 [S19] (2.3). Data: Alder Ward's (W05, synthetic) ramp of
safety-huddle cycles in ``pdsa.csv``; the plan exercise is checked by ``qikit.improve.PDSA``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd

from qikit.errors import DataError
from qikit.exercises.kinds import (
    Computed,
    MultipleChoice,
    PlanCheck,
    described,
    letters,
    not_answered,
)
from qikit.exercises.shown import Table
from qikit.exercises.shown import table as readable_table
from qikit.exercises.topics import Text, Topic
from qikit.improve import PDSA, SCALES
from qikit.improve.feedback import missing

WARD = "W05"
WARD_NAME = "Alder Ward"
NEXT_IDEA = "Evening activity group led by patients"
#: The parts of a PDSA worksheet that a plan (before the test) must have.
PLAN_FIELDS = ("prediction", "scale", "objective", "plan", "change_idea")
PLAN_KEYS = (
    "question",
    "prediction",
    "scale",
    "plan_who",
    "plan_what",
    "plan_when",
    "plan_where",
    "data_what",
)


@cache
def _cycles() -> pd.DataFrame:
    from qikit.datasets import load

    table = load("pdsa")
    rows = table[table["ward_id"] == WARD].sort_values("cycle")
    columns = ["cycle", "scale", "prediction", "start_week", "end_week", "do", "study", "act"]
    return rows[columns].reset_index(drop=True)


def cycles() -> pd.DataFrame:
    """Alder Ward's PDSA cycles on its safety huddle, one row per cycle."""
    return _cycles().copy()


def scales() -> dict[str, str]:
    """The scales of test a PDSA plan can name, smallest first."""
    return dict(SCALES)


#: The log's headings, by column.
HEADINGS = {
    "cycle": "Cycle",
    "scale": "Scale",
    "prediction": "Prediction",
    "start_week": "First week",
    "end_week": "Last week",
    "do": "Do",
    "study": "Study",
    "act": "Act",
}


def table(frame: pd.DataFrame | None = None) -> Table:
    """The PDSA log as a learner reads it: readable headings, no row numbers."""
    shown = _cycles() if frame is None else frame
    return readable_table(shown, HEADINGS, f"{WARD_NAME}'s PDSA cycles on its safety huddle")


def plan_feedback(answer: Any) -> list:
    """A coach's points on the Plan part of a PDSA worksheet (the test has not run yet)."""
    if not isinstance(answer, dict):
        raise DataError(
            "Answer with the parts in curly brackets in the cell, filling in each ...; you "
            f"gave {described(answer, False)}."
        )
    unknown = sorted(set(answer) - set(PLAN_KEYS))
    if unknown:
        raise DataError(
            f"The plan has no part called {unknown[0]!r}. Use the parts in the cell: "
            f"{', '.join(PLAN_KEYS)}."
        )
    given = {k: ("" if not_answered(v) else str(v).strip()) for k, v in answer.items()}
    scale = given.get("scale", "").lower().replace(" ", "_")
    if scale and scale not in SCALES:
        raise DataError(
            f"The scale '{given['scale']}' is not one of: {', '.join(SCALES)}. Run ex.scales() "
            "to see what each means."
        )
    question = given.get("question", "")
    cycle = PDSA(
        cycle_number=1,
        change_idea=NEXT_IDEA,
        driver="Meaningful activity every day",
        objective="See whether an evening activity group calms the ward before night shift",
        scale=scale,
        questions=[{"question": question, "prediction": given.get("prediction", "")}]
        if question
        else [],
        **{k: given.get(k, "") for k in PLAN_KEYS[3:]},
    )
    points = [p for p in cycle.feedback() if p.field in PLAN_FIELDS]
    if not cycle.data_what:
        points.append(
            missing("data", "Plan the data: what will you count or ask, who records it, when.")
        )
    return points


q1 = MultipleChoice(
    title="When to predict",
    prompt="In a PDSA cycle, when does the team write down its **prediction**?",
    options=letters(
        [
            "In the Plan, before the test is run.",
            "In the Do, while the test is running.",
            "In the Study, once the results are in.",
            "Only if the test works.",
        ]
    ),
    answer="a",
    why_not={
        "b": "By then the team has already seen what happens. A prediction comes first.",
        "c": "The Study compares the results with something written earlier. With what?",
        "d": "A failed prediction teaches as much as a successful one.",
    },
    hints=["What does the Study part compare the results with?"],
    reasoning=(
        "The prediction is written in the Plan, before the test, so the Study can compare the "
        "results with it.\n\n"
        "Writing predictions first is one of the features of well-run PDSA cycles (Taylor et al. "
        "2014): it turns a trial into a test of the team's theory."
    ),
    solution_code='answer = "a"\n{q}.check(answer)',
)

q2 = Computed(
    title="Adapt, adopt or abandon",
    prompt=(
        f"The table shows {WARD_NAME}'s four PDSA cycles on its safety huddle. In how many "
        "cycles did the team decide to **adapt** the change (the **Act** column)?"
    ),
    jupyter="`cycles` holds the same log; the decision is in the column `act`.",
    hints=[
        "Look down the Act column and count the cycles that say adapt.\n\n"
        'In Jupyter: `(cycles["act"] == "adapt").sum()` counts them.',
    ],
    reasoning=(
        "Cycles 1, 2 and 3 ended with 'adapt'; cycle 4 ended with 'adopt'.\n\n"
        "Adapting (changing the test and trying again) is the usual result of an early cycle; "
        "the team adopted the huddle once it worked on every shift on the whole ward."
    ),
    solution_code='answer = (cycles["act"] == "adapt").sum()\n{q}.check(answer)',
    compute=lambda: float((_cycles()["act"] == "adapt").sum()),
    units="cycles",
    decimals=0,
    mistakes=[(4, "That is every cycle. Count only those whose act says 'adapt'.")],
)

q3 = MultipleChoice(
    title="Reading the ramp",
    prompt=(
        "Look at the **Scale** column: the cycles went from one nurse on one shift to every shift "
        "on the whole ward. Which piece of IHI advice does this **ramp** follow?"
    ),
    options=letters(
        [
            "Wait until everyone agrees before testing anything.",
            "Test on the whole ward first, to collect as much data as possible.",
            "Start with a small test and grow the scale as confidence grows.",
            "Run one long cycle so the results are reliable.",
        ]
    ),
    answer="c",
    why_not={
        "a": "IHI advises not to wait for consensus to test: you need it to implement, not test.",
        "b": "A large first test costs a lot if it fails, and teaches less per week.",
        "d": "Short linked cycles learn faster than one long one.",
    },
    hints=["Read the scale of cycle 1, then of cycle 4."],
    reasoning=(
        "The ramp starts small (one nurse, one shift) and grows step by step to the whole ward.\n\n"
        "Small first tests are cheap to fail and quick to learn from; testing under more "
        "conditions (more shifts, bank staff) builds the degree of belief needed to adopt."
    ),
    solution_code='answer = "c"\n{q}.check(answer)',
)

EXAMPLE_PLAN = {
    "question": "Will patients join an evening group, and is the ward calmer afterwards?",
    "prediction": "Four of the eight patients will join, and there will be no incidents between "
    "8 and 10 pm, because the evenings are when boredom builds.",
    "scale": "one_day",
    "plan_who": "Sam (OT) and one patient volunteer",
    "plan_what": "A 45-minute music and games group in the lounge",
    "plan_when": "Tuesday at 7 pm",
    "plan_where": "Alder Ward lounge",
    "data_what": "Nurse in charge counts who joins and records incidents 8-10 pm that night",
}

q4 = PlanCheck(
    title="Plan the first cycle of a new idea",
    prompt=(
        f"The team's next idea is **'{NEXT_IDEA}'**. Fill in the Plan for cycle 1: the "
        "question the test should answer, your prediction (and why), the scale of the test "
        "(from the list), who, what, when and where, and what data you will collect. The PDSA "
        "coach checks your plan."
    ),
    jupyter=('In a cell, name the scale by its code from `ex.scales()`, such as `"one_shift"`.'),
    learner_code=(
        "answer = {\n"
        '    "question": ...,\n'
        '    "prediction": ...,\n'
        '    "scale": ...,\n'
        '    "plan_who": ...,\n'
        '    "plan_what": ...,\n'
        '    "plan_when": ...,\n'
        '    "plan_where": ...,\n'
        '    "data_what": ...,\n'
        "}\n"
        "{q}.check(answer)"
    ),
    hints=[
        "Make the first test small: one evening, a few patients. What could you test by next "
        "Tuesday?",
        "A prediction says what you expect to happen and why, before the test.",
    ],
    reasoning=(
        "Every part of the Plan is there: a question with a prediction, a small first test, "
        "who, what, when and where, and the data to collect.\n\n"
        "A first cycle on one evening keeps the cost of failure small; the prediction makes the "
        "Study a real comparison."
    ),
    solution_code="answer = "
    + "{\n"
    + "".join(f"    {k!r}: {v!r},\n" for k, v in EXAMPLE_PLAN.items()).replace("'", '"')
    + "}\n{q}.check(answer)",
    build=plan_feedback,
    example="\n".join(f"- {k}: {v}" for k, v in EXAMPLE_PLAN.items()),
    strict=("scale",),
    what="plan",
    parts=PLAN_KEYS,
    part_labels={
        "question": "Question to answer",
        "prediction": "Prediction, and why",
        "scale": "Scale of the test",
        "plan_who": "Who",
        "plan_what": "What",
        "plan_when": "When",
        "plan_where": "Where",
        "data_what": "Data to collect",
    },
    choices={"scale": dict(SCALES)},
)

TOPIC = Topic(
    slug="pdsa",
    number=3,
    title="PDSA cycles and ramps",
    minutes=20,
    objectives=[
        "Say when a prediction is written and why",
        "Read a ward's PDSA log: the decision at the end of each cycle",
        "Recognise a ramp that starts small and grows",
        "Plan a first cycle that a coach would accept",
    ],
    key_points=[
        "Predict before you test; study by comparing results with the prediction.",
        "Start small (what can we test by next Tuesday?) and grow the scale as confidence grows.",
    ],
    setup="cycles = ex.cycles()\nex.table(cycles)",
    cells=[
        Text(
            f"## {WARD_NAME}'s huddle ramp\n\n{WARD_NAME} tested a safety huddle on every shift "
            "with a violence risk checklist, in four linked cycles (the table above)."
        ),
        "q1",
        "q2",
        "q3",
        Text(
            "## Your turn\n\nThe scales of test, smallest first: "
            + "; ".join(SCALES.values())
            + "."
        ),
        "q4",
    ],
    exercises={"q1": q1, "q2": q2, "q3": q3, "q4": q4},
)
