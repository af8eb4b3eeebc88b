"""Exercises: the family of measures and operational definitions.

Outcome, process and balancing measures (IHI/SHM [S5][S6][S7]; QI_REFERENCE 1.4); an operational
definition two people apply identically: numerator, denominator, multiplier, inclusions and
exclusions, data source, who collects, how often, sampling, chart [S8][S8b][S9c] (1.5). Data:
Hazel Ward (W04, synthetic), violence and aggression work stream. Definitions are checked by
``qikit.improve.Measure.feedback()``.
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
from qikit.improve import Measure

WARD = "W04"
WARD_NAME = "Hazel Ward"
MEASURE_NAME = "Rate of violent incidents per 1,000 occupied bed days"
#: The charts a definition can name, by the code a learner types in Jupyter.
CHART_CHOICES = {
    "run": "Run chart",
    "u": "U chart (counts per amount of exposure, such as bed days)",
    "p": "P chart (percentage of cases)",
    "c": "C chart (counts, same exposure each time)",
    "i": "I chart (one measurement per period)",
    "g": "G chart (cases between rare events)",
    "t": "T chart (time between rare events)",
}
DEFINITION_KEYS = (
    "numerator",
    "denominator",
    "multiplier",
    "inclusions",
    "exclusions",
    "data_source",
    "who_collects",
    "how_often",
    "sampling",
    "chart_type",
)


@cache
def _data() -> pd.DataFrame:
    from qikit.datasets import load

    weekly = load("weekly")
    rows = weekly[(weekly["ward_id"] == WARD) & (weekly["week"] <= 4)]
    return rows[["week", "week_start", "violence_incidents", "occupied_bed_days"]].reset_index(
        drop=True
    )


def data() -> pd.DataFrame:
    """Hazel Ward's first four weeks: violent incidents and occupied bed days."""
    return _data().copy()


#: The table's headings, by column.
HEADINGS = {
    "week": "Week",
    "week_start": "Week starting",
    "violence_incidents": "Violent incidents",
    "occupied_bed_days": "Occupied bed days",
}


def table(frame: pd.DataFrame | None = None) -> Table:
    """Hazel Ward's weeks as a learner reads them: readable headings, no row numbers."""
    shown = _data() if frame is None else frame
    return readable_table(shown, HEADINGS, f"{WARD_NAME}: its first four weeks")


def definition_feedback(answer: Any) -> list:
    """The measure coach's points on the learner's definition of the violence rate."""
    if not isinstance(answer, dict):
        raise DataError(
            "Answer with the parts in curly brackets in the cell, filling in each ...; you "
            f"gave {described(answer, False)}."
        )
    unknown = sorted(set(answer) - set(DEFINITION_KEYS))
    if unknown:
        raise DataError(
            f"A definition has no part called {unknown[0]!r}. Use the parts in the cell: "
            f"{', '.join(DEFINITION_KEYS)}."
        )
    given = {k: (None if not_answered(v) else v) for k, v in answer.items()}
    text = {k: ("" if v is None else str(v).strip()) for k, v in given.items()}
    measure = Measure(
        name=MEASURE_NAME,
        type="outcome",
        form="rate",
        multiplier=given.get("multiplier"),
        chart_type=text.get("chart_type", "").lower(),
        **{k: text.get(k, "") for k in DEFINITION_KEYS if k not in ("multiplier", "chart_type")},
    )
    return measure.feedback()


def _role_question(title: str, measure: str, answer: str, why_not: dict, reasoning: str):
    return MultipleChoice(
        title=title,
        prompt=(
            f"{WARD_NAME}'s aim is to **reduce violent incidents**. What kind of measure is "
            f"**'{measure}'** for this aim?"
        ),
        options=letters(["Outcome measure", "Process measure", "Balancing measure"]),
        answer=answer,
        why_not=why_not,
        hints=[
            "Outcome: is the aim being met? Process: are the changes happening? Balancing: are "
            "we causing a problem somewhere else?",
        ],
        reasoning=reasoning,
        solution_code=f'answer = "{answer}"\n{{q}}.check(answer)',
    )


q1 = _role_question(
    "Which kind of measure? (1)",
    "Percentage of shifts that held a safety huddle",
    "b",
    {
        "a": "Holding huddles is not the result the aim wants; it is one of the changes.",
        "c": "A balancing measure watches for harm elsewhere. Is a huddle a harm?",
    },
    "It is a process measure: it shows whether a change (the huddle) is actually happening, "
    "reliably.\n\n"
    "If huddles are not held, a flat outcome chart says nothing about whether huddles work.",
)

q2 = _role_question(
    "Which kind of measure? (2)",
    "Doses of as-needed (PRN) sedation given",
    "c",
    {
        "a": "The aim is about violence. Is sedation the result the aim wants?",
        "b": "Giving PRN is not one of the changes the team is testing.",
    },
    "It is a balancing measure: less violence bought with more sedation would not be an "
    "improvement.\n\n"
    "Balancing measures watch for problems the changes might cause elsewhere in the system, "
    "such as more PRN medication, seclusion or staff injuries.",
)

EXAMPLE_DEFINITION = {
    "numerator": "Incidents of physical violence by a patient, recorded on the incident system",
    "denominator": "Occupied bed days on the ward in the same week",
    "multiplier": 1000,
    "inclusions": "All patients on Hazel Ward",
    "exclusions": "Days on leave are not counted as occupied bed days",
    "data_source": "Incident reporting system and the bed management system",
    "who_collects": "Ward manager",
    "how_often": "Every Monday, for the week before",
    "sampling": "Every incident (no sampling)",
    "chart_type": "u",
}

q3 = PlanCheck(
    title="Define the outcome measure",
    prompt=(
        f"Write the operational definition of **'{MEASURE_NAME}'** so that two people counting "
        "it would get the same number: what is counted (numerator), out of what (denominator), "
        "the multiplier, what is included and excluded, where the data come from, who collects "
        "them, how often, whether you sample, and the chart. The measure coach checks it."
    ),
    jupyter=(
        'In a cell, name the chart by its code: `"u"`, `"p"`, `"c"`, `"i"`, `"g"`, `"t"` or '
        '`"run"`.'
    ),
    learner_code="answer = {\n"
    + "".join(f'    "{k}": ...,\n' for k in DEFINITION_KEYS)
    + "}\n{q}.check(answer)",
    hints=[
        "A rate is a count divided by the time at risk, here occupied bed days, times a "
        "multiplier so the numbers are easy to read.",
        "Say whether days on leave count as occupied bed days, and whether every incident is "
        "recorded or a sample.",
        "Counts per varying exposure (bed days) go on a u chart.",
    ],
    reasoning=(
        "Every part of the operational definition is there, so two people would count the same "
        "things.\n\n"
        "A rate per 1,000 occupied bed days divides incidents by the time patients were on the "
        "ward; a u chart suits counts with varying exposure. Saying what happens to leave days "
        "matters: on a busy ward it changes the denominator."
    ),
    solution_code="answer = {\n"
    + "".join(f'    "{k}": {v!r},\n'.replace("'", '"') for k, v in EXAMPLE_DEFINITION.items())
    + "}\n{q}.check(answer)",
    build=definition_feedback,
    example="\n".join(f"- {k}: {v}" for k, v in EXAMPLE_DEFINITION.items()),
    strict=("multiplier", "inclusions", "sampling", "chart_type", "definition"),
    conceal={
        "; the chooser suggests a U chart.": ". Which chart suits counts with varying exposure?",
        " The chooser suggests a U chart.": " Which chart suits counts with varying exposure?",
    },
    what="definition",
    parts=DEFINITION_KEYS,
    part_labels={
        "numerator": "Numerator (counted)",
        "denominator": "Denominator (out of)",
        "multiplier": "Multiplier",
        "inclusions": "Included",
        "exclusions": "Excluded",
        "data_source": "Where the data come from",
        "who_collects": "Who collects them",
        "how_often": "How often",
        "sampling": "Sampling",
        "chart_type": "Chart",
    },
    choices={"chart_type": CHART_CHOICES},
)

q4 = Computed(
    title="Use the definition",
    prompt=(
        f"Now use your definition. The table holds {WARD_NAME}'s first four weeks. What was the "
        "rate of violent incidents per 1,000 occupied bed days over these four weeks together? "
        "Give one decimal place."
    ),
    hints=[
        "Add up the incidents and the occupied bed days over the four weeks.",
        "Rate = 1000 × (total incidents) / (total occupied bed days).",
    ],
    reasoning=(
        "10 incidents in 511 occupied bed days is 19.6 per 1,000 occupied bed days.\n\n"
        "The same definition applied every week makes the weeks comparable, even though the "
        "number of occupied bed days changes."
    ),
    solution_code=(
        'answer = 1000 * data["violence_incidents"].sum() / data["occupied_bed_days"].sum()\n'
        "{q}.check(answer)"
    ),
    compute=lambda: 1000 * _data()["violence_incidents"].sum() / _data()["occupied_bed_days"].sum(),
    tolerance=0.05,
    units="per 1,000 occupied bed days",
    mistakes=[
        (10, "That is the number of incidents. Divide by the occupied bed days, times 1,000."),
        (0.0196, "That is per occupied bed day. Multiply by 1,000."),
    ],
)

TOPIC = Topic(
    slug="measures",
    number=4,
    title="Families of measures and operational definitions",
    minutes=20,
    objectives=[
        "Tell outcome, process and balancing measures apart",
        "Write an operational definition that two people would apply the same way",
        "Calculate a rate per 1,000 occupied bed days from a definition",
    ],
    key_points=[
        "Usually one outcome measure, a few process measures and at least one balancing measure.",
        "If two people could count it differently, the definition is not finished.",
    ],
    setup="data = ex.data()\nex.table(data)",
    cells=[
        Text(
            f"## {WARD_NAME}'s family of measures\n\n{WARD_NAME} is testing changes to reduce "
            "violence and aggression. Its measurement plan needs an outcome measure, process "
            "measures and balancing measures."
        ),
        "q1",
        "q2",
        Text(
            "## Operational definitions\n\nA measure is only useful if everyone counts it the "
            "same way."
        ),
        "q3",
        "q4",
    ],
    exercises={"q1": q1, "q2": q2, "q3": q3, "q4": q4},
)
