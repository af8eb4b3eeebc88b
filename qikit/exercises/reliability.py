"""Exercises: reliability of care processes and all-or-none measurement.

All-or-none: a patient counts only if every element that applied was delivered (Nolan and
Berwick, JAMA 2006 [S63]); IHI reliability levels: below 80% chaotic, 80-95% 10^-1, 95% 10^-2
(QI_REFERENCE 7.1-7.3). Data: Holly Ward (W07, synthetic), the physical-health checks on
admission audited in ``bundle_audit.csv`` before its change started in week 49. Calculations use
``qikit.reliability``.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from qikit.exercises.kinds import Computed, MultipleChoice, Numeric, letters
from qikit.exercises.shown import Table
from qikit.exercises.shown import table as readable_table
from qikit.exercises.topics import Code, Text, Topic

WARD = "W07"
WARD_NAME = "Holly Ward"
CHANGE_WEEK = 49
ELEMENTS = [
    "bp_and_pulse_recorded",
    "weight_and_bmi_recorded",
    "bloods_taken",
    "ecg_done",
    "smoking_status_recorded",
]


@cache
def _audit() -> pd.DataFrame:
    from qikit.datasets import load

    table = load("bundle_audit")
    rows = table[(table["ward_id"] == WARD) & (table["audit_week"] < CHANGE_WEEK)]
    return rows[["patient_ref", "audit_week", *ELEMENTS]].reset_index(drop=True)


def audit() -> pd.DataFrame:
    """Holly Ward's audited admissions before the change: one row per patient."""
    return _audit().copy()


#: The table's headings, by column.
HEADINGS = {
    "patient_ref": "Patient",
    "audit_week": "Week",
    "bp_and_pulse_recorded": "Blood pressure and pulse",
    "weight_and_bmi_recorded": "Weight and BMI",
    "bloods_taken": "Bloods",
    "ecg_done": "ECG",
    "smoking_status_recorded": "Smoking status",
}


def table(frame: pd.DataFrame | None = None) -> Table:
    """The audit as a learner reads it: one row per patient, Yes where a check was done."""
    shown = _audit() if frame is None else frame
    return readable_table(shown, HEADINGS, f"{WARD_NAME}: checks on admission, one row a patient")


@cache
def _compliance():
    from qikit.reliability import compliance

    return compliance(_audit(), ELEMENTS)


q1 = Computed(
    title="One element",
    prompt=(
        f"The table has one row per patient admitted to {WARD_NAME} before the change, with "
        "Yes where a check was done. What percentage of patients had an **ECG**? Give one "
        "decimal place."
    ),
    jupyter="`audit` holds the same rows, with `True` where a check was done (`ecg_done`).",
    hints=[
        "Count the patients with Yes under ECG, and divide by all the patients audited.",
        "Percentage = 100 × (patients with an ECG) / (all patients).\n\n"
        'In Jupyter: `100 * audit["ecg_done"].mean()` (the mean of a True/False column is the '
        "share of True).",
    ],
    reasoning=(
        "62 of 81 patients had an ECG: 76.5%.\n\n"
        "This is component (item-by-item) compliance for one element of the bundle."
    ),
    solution_code='answer = 100 * audit["ecg_done"].mean()\n{q}.check(answer)',
    compute=lambda: (
        100 * float(_compliance().components.set_index("element").loc["ecg_done", "rate"])
    ),
    tolerance=0.05,
    units="%",
    mistakes=[(62, "That is the number of patients. Divide by all patients audited, times 100.")],
)

q2 = Computed(
    title="All or none",
    prompt=(
        "Now the **all-or-none** measure: what percentage of patients had **all five** checks? "
        "Count patient by patient. Give one decimal place."
    ),
    jupyter=f"The five columns of `audit`: {', '.join(f'`{e}`' for e in ELEMENTS)}.",
    hints=[
        "A patient counts only if every one of the five checks says Yes for them.",
        "Count those patients, divide by all the patients, times 100.\n\n"
        "In Jupyter: `audit[ex.ELEMENTS].all(axis=1)` is True for patients who had all five; "
        "take its mean, times 100.",
    ],
    reasoning=(
        "40 of 81 patients had all five checks: 49.4%.\n\n"
        "All-or-none is lower than every single element's rate, because different patients miss "
        "different checks. It is counted patient by patient, never by multiplying the element "
        "rates (that assumes failures are unrelated, which they rarely are)."
    ),
    solution_code="answer = 100 * audit[ex.ELEMENTS].all(axis=1).mean()\n{q}.check(answer)",
    compute=lambda: 100 * _compliance().all_or_none,
    tolerance=0.05,
    units="%",
    mistakes=[
        (
            83.0,
            "That is the composite: the share of all checks done. All-or-none counts patients "
            "who had every check.",
        ),
        (
            38.5,
            "That multiplies the element rates, which assumes failures are unrelated. Count "
            "patient by patient instead.",
        ),
        (40, "That is the number of patients. Divide by all patients audited, times 100."),
    ],
)

q3 = MultipleChoice(
    title="How reliable is it?",
    prompt=(
        "IHI describes reliability levels: **chaotic** (below 80% success), **10⁻¹** (80% to "
        "95%: 1 or 2 failures in 10), **10⁻²** (95% or more: 5 or fewer failures in 100). Which "
        "level is Holly Ward's all-or-none rate?"
    ),
    options=letters(["Chaotic", "10⁻¹", "10⁻²", "10⁻³"]),
    answer="a",
    why_not={
        "b": "10⁻¹ starts at 80%. Compare your all-or-none answer with 80%.",
        "c": "10⁻² needs 95% or more.",
        "d": "10⁻³ needs 99.5% or more.",
    },
    hints=["Use the all-or-none rate, not the best single element."],
    reasoning=(
        "Chaotic: under half of patients got the whole bundle, well below 80%.\n\n"
        "Even the best single element (blood pressure and pulse, 97.5%) does not make the bundle "
        "reliable: the patient needs every check."
    ),
    solution_code='answer = "a"\n{q}.check(answer)',
)

q4 = Numeric(
    title="Why vigilance is not enough",
    prompt=(
        "Suppose hard work lifted **each** of the five checks to **90%**, and failures happened "
        "independently. What percentage of patients would get all five? Give one decimal place."
    ),
    hints=[
        "With independent failures, the chance of getting all five is the product of the five "
        "chances.",
        "0.9 multiplied by itself five times, times 100.",
    ],
    reasoning=(
        "0.9 × 0.9 × 0.9 × 0.9 × 0.9 = 0.590: 59.0% of patients.\n\n"
        "Vigilance tops out around 80-90% per step, which leaves a five-step bundle chaotic. "
        "Reaching 95% all-or-none needs each step near 99%: that takes design (prompts, "
        "checklists, defaults, standard work), not exhortation (Resar, IHI)."
    ),
    solution_code="answer = 100 * 0.9**5\n{q}.check(answer)",
    answer=100 * 0.9**5,
    tolerance=0.1,
    units="%",
    mistakes=[
        (90, "That is one check. The patient needs all five."),
        (50, "That is the worst case, where every failure falls on a different patient."),
        (45, "Five failures of 10% do not add up: multiply the chances of success."),
    ],
)

q5 = MultipleChoice(
    title="Which measure to report?",
    prompt=(
        "The ward's board report shows the five element rates, and most look good. Why do Nolan "
        "and Berwick recommend reporting **all-or-none** as well?"
    ),
    options=letters(
        [
            "It is easier to calculate than the element rates.",
            "It always gives a higher number, which is better for morale.",
            "It shows what each patient actually received and raises the bar for reliability.",
            "It removes the need to audit each element.",
        ]
    ),
    answer="c",
    why_not={
        "a": "It needs patient-level data, so it is not easier.",
        "b": "Compare your answers to exercises 1 and 2: is all-or-none higher?",
        "d": "All-or-none is built from each element for each patient.",
    },
    hints=["Think of the experience of one patient admitted to the ward."],
    reasoning=(
        "All-or-none reflects the patient's experience (did I get everything I needed?) and "
        "raises the bar, so it drives redesign.\n\n"
        "Show both: the element rates say where the failures are; all-or-none says how reliable "
        "the whole process is for patients."
    ),
    solution_code='answer = "c"\n{q}.check(answer)',
)

TOPIC = Topic(
    slug="reliability",
    number=8,
    title="Reliability and all-or-none measurement",
    minutes=20,
    objectives=[
        "Calculate component and all-or-none compliance from a patient-level audit",
        "Place a process on the IHI reliability levels",
        "Explain why reliable bundles need design, not only vigilance",
    ],
    key_points=[
        "All-or-none counts a patient only if every element was delivered: count it per patient.",
        "Without design, care processes sit below 80-90%; a bundle multiplies the gaps.",
    ],
    setup="audit = ex.audit()",
    cells=[
        Text(
            f"## {WARD_NAME}'s admission checks\n\nEvery patient admitted to {WARD_NAME} should "
            "have five physical-health checks: blood pressure and pulse, weight and BMI, bloods, "
            "an ECG and smoking status. The audit covers admissions before the team started "
            f"testing changes in week {CHANGE_WEEK}."
        ),
        Code("ex.table(audit)"),
        "q1",
        "q2",
        "q3",
        Text("## Designing for reliability"),
        "q4",
        "q5",
    ],
    exercises={"q1": q1, "q2": q2, "q3": q3, "q4": q4, "q5": q5},
)
