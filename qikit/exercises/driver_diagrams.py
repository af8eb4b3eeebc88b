"""Exercises: driver diagrams, the team's theory of change.

Aim -> primary drivers -> secondary drivers -> change ideas; every change idea acts on at least one
secondary driver (QI Lothian [S4][S4b]; Provost and Bennett 2015 [S4c]; QI_REFERENCE 1.3). The
diagram is Iris Ward's (W14, synthetic), in the violence and aggression work stream; it is checked
by ``qikit.improve.DriverDiagram.feedback()``.
"""

from __future__ import annotations

import copy
from typing import Any

from qikit.errors import DataError
from qikit.exercises.kinds import MultipleChoice, PlanCheck, letters
from qikit.exercises.shown import Table
from qikit.exercises.shown import table as readable_table
from qikit.exercises.topics import Code, Text, Topic
from qikit.improve import DriverDiagram

WARD_NAME = "Iris Ward"
UNLINKED_IDEA = "Quiet room open at mealtimes"


def _diagram() -> DriverDiagram:
    d = DriverDiagram(
        aim="Reduce violent incidents on Iris Ward from 9 to 5 per 1,000 occupied bed days for "
        "adults by 31 March 2026."
    )
    staff = d.add_primary("Staff anticipate and de-escalate distress")
    early = d.add_secondary(staff.id, "Early recognition of rising distress")
    confident = d.add_secondary(staff.id, "Confident use of de-escalation")
    heard = d.add_primary("Patients feel heard and have things to do")
    views = d.add_secondary(heard.id, "Patients' views shape the day")
    activity = d.add_secondary(heard.id, "Meaningful activity every day, weekends too")
    calm = d.add_primary("A safe, calm ward environment")
    d.add_secondary(calm.id, "Less noise and crowding at busy times")
    d.add_change_idea("Safety huddle at every shift handover", [early.id])
    d.add_change_idea("De-escalation skills refresher for all staff", [confident.id])
    d.add_change_idea("Daily patient-led community meeting", [views.id])
    d.add_change_idea("Weekend activity timetable with occupational therapy", [activity.id])
    d.add_change_idea(UNLINKED_IDEA)
    return d


DIAGRAM = _diagram()


def diagram() -> DriverDiagram:
    """Iris Ward's driver diagram (a copy you can change freely)."""
    return copy.deepcopy(DIAGRAM)


def chart():
    """The driver diagram, drawn."""
    from qikit.apps.common import ChartView

    return ChartView(DIAGRAM.chart(width=880))


def drivers_table():
    """Every driver with its id, to use in exercise 3."""
    import pandas as pd

    rows = []
    for p in DIAGRAM.primary:
        rows.append({"id": p.id, "kind": "primary driver", "driver": p.text})
        rows += [{"id": s.id, "kind": "secondary driver", "driver": s.text} for s in p.secondary]
    return pd.DataFrame(rows)


def drivers() -> Table:
    """The drivers as a learner reads them: the driver, its kind and its code."""
    headings = {"driver": "Driver", "kind": "Kind", "id": "Code"}
    return readable_table(drivers_table(), headings, "Iris Ward's drivers")


def _secondary_drivers() -> dict[str, str]:
    return {s.id: f"{s.text} ({s.id})" for p in DIAGRAM.primary for s in p.secondary}


def _link_quiet_room(answer: Any) -> DriverDiagram:
    """The diagram with the quiet-room idea linked to the driver the learner named."""
    d = diagram()
    wanted = str(answer).strip()
    ids = {p.id: p.text for p in d.primary}
    ids.update({s.id: s.text for p in d.primary for s in p.secondary})
    chosen = next(
        (i for i, text in ids.items() if wanted.lower() in (i.lower(), text.lower())), None
    )
    if chosen is None:
        raise DataError(
            f"There is no driver '{wanted}' in the diagram. Answer with a driver's id from the "
            'table above, such as "s1".'
        )
    idea = next(c for c in d.change_ideas if c.text == UNLINKED_IDEA)
    d.link(idea.id, chosen)
    return d


q1 = MultipleChoice(
    title="What is a primary driver?",
    prompt="In a driver diagram, what is a **primary driver**?",
    options=letters(
        [
            "A specific thing the team will test on the ward next week.",
            "One of the few big areas of the system that must change to reach the aim.",
            "The measure that tells you whether the aim has been met.",
            "The senior manager who sponsors the project.",
        ]
    ),
    answer="b",
    why_not={
        "a": "A specific, testable idea is a change idea: it sits at the right of the diagram.",
        "c": "That is the outcome measure, which follows from the aim.",
        "d": "Drivers are parts of the system, not people.",
    },
    hints=["Read the diagram from left to right: aim, then the big areas, then the detail."],
    reasoning=(
        "Primary drivers are the few big system areas that must change to reach the aim.\n\n"
        "Secondary drivers break each one into parts of the ward's work, and change ideas are "
        "the specific things to test. Well-written primary drivers suggest process measures."
    ),
    solution_code='answer = "b"\n{q}.check(answer)',
)

q2 = MultipleChoice(
    title="Driver or change idea?",
    prompt=(
        f"Look at {WARD_NAME}'s diagram above. Which of these is a **change idea** (something to "
        "test), not a driver?"
    ),
    options=letters(
        [
            "Confident use of de-escalation",
            "Daily patient-led community meeting",
            "A safe, calm ward environment",
            "Patients feel heard and have things to do",
        ]
    ),
    answer="b",
    why_not={
        "a": "This describes a state of the ward's work you want to move: a secondary driver.",
        "c": "This is a big area of the system: a primary driver.",
        "d": "This is a big area of the system: a primary driver.",
    },
    hints=["A change idea is something you could start testing by next Tuesday."],
    reasoning=(
        "A daily patient-led community meeting is a specific change the team can test with "
        "PDSA cycles.\n\n"
        "The other three describe parts of the system the team wants to move (drivers); they "
        "are not actions in themselves."
    ),
    solution_code='answer = "b"\n{q}.check(answer)',
)

q3 = PlanCheck(
    title="Link the loose idea",
    prompt=(
        f"The idea **'{UNLINKED_IDEA}'** is not linked to any driver, and the coach's feedback "
        "also says one primary driver has nothing to test. Which **secondary driver** does the "
        "quiet room act on? Choose it from the list (its code is in the table above). "
        "The driver diagram coach checks the diagram with your link added."
    ),
    jupyter='In a cell, answer with its code from the table, for example `answer = "s1"`.',
    hints=[
        "Which primary driver has no change idea yet? Look at the diagram above.\n\n"
        "In Jupyter: `ex.diagram().feedback()` lists the coach's points.",
        "Link the idea to the secondary driver it acts on, not to a primary driver.",
    ],
    reasoning=(
        "The quiet room reduces noise and crowding at mealtimes, so it acts on the secondary "
        "driver 'Less noise and crowding at busy times' (s5), under 'A safe, calm ward "
        "environment'.\n\n"
        "With that link every change idea serves a driver and every primary driver has "
        "something to test: the theory of change is complete enough to start PDSA cycles."
    ),
    solution_code='answer = "s5"\n{q}.check(answer)',
    build=_link_quiet_room,
    example="s5 (Less noise and crowding at busy times)",
    strict=("change_ideas",),
    conceal={"The driver 'Less noise and crowding at busy times'": "One secondary driver"},
    what="link",
    parts=("answer",),
    part_labels={"answer": "Secondary driver"},
    choices={"answer": _secondary_drivers()},
)

q4 = MultipleChoice(
    title="A measure for a driver",
    prompt=(
        "Primary drivers suggest **process measures**. Which measure would best show whether "
        "the primary driver 'Patients feel heard and have things to do' is moving?"
    ),
    options=letters(
        [
            "Violent incidents per 1,000 occupied bed days",
            "Staff sickness absence",
            "% of patients who took part in the community meeting each week",
            "Number of beds on the ward",
        ]
    ),
    answer="c",
    why_not={
        "a": "That is the outcome measure for the aim, not a measure of this driver.",
        "b": "That could be a balancing measure; it does not show whether patients feel heard.",
        "d": "The number of beds does not change with the work on this driver.",
    },
    hints=["A process measure asks: is the part of the system we are changing actually changing?"],
    reasoning=(
        "The share of patients taking part in the community meeting shows whether this driver is "
        "moving.\n\n"
        "Violent incidents per 1,000 occupied bed days is the outcome measure; staff sickness "
        "could be a balancing measure."
    ),
    solution_code='answer = "c"\n{q}.check(answer)',
)

TOPIC = Topic(
    slug="driver_diagrams",
    number=2,
    title="Driver diagrams: your theory of change",
    minutes=15,
    objectives=[
        "Say what primary drivers, secondary drivers and change ideas are",
        "Tell a change idea from a driver",
        "Link a change idea to the driver it acts on and read the coach's feedback",
        "Choose a process measure for a driver",
    ],
    key_points=[
        "Every change idea must act on at least one secondary driver.",
        "A driver diagram is a theory: revise it as PDSA cycles teach you more.",
    ],
    cells=[
        Text(
            "## Reading a driver diagram\n\nA driver diagram reads left to right: the **aim**, "
            "the **primary drivers** (the few big areas that must change), the **secondary "
            "drivers** (the parts of the ward's work that make them up) and the **change ideas** "
            "(specific things to test)."
        ),
        "q1",
        Text(
            f"## {WARD_NAME}'s diagram\n\n{WARD_NAME} is working to reduce violence and "
            "aggression. This is the team's first driver diagram."
        ),
        Code("ex.chart()"),
        "q2",
        Code("ex.drivers()"),
        "q3",
        "q4",
    ],
    exercises={"q1": q1, "q2": q2, "q3": q3, "q4": q4},
)
