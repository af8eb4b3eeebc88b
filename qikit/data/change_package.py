"""The collaborative's change package: one change idea per work stream and the measures it moves.

The measures are columns of the ``weekly`` table. Each has a denominator, the chart that suits it
(QI_REFERENCE 4.1: counts per occupied bed day on a u chart, shares on a p chart) and the direction
that counts as improvement.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    """A weekly measure: its numerator column, denominator column, chart and better direction."""

    column: str
    label: str
    denominator: str
    chart: str
    improvement: str  # "decrease" or "increase"


MEASURES = {
    m.column: m
    for m in (
        Measure("violence_incidents", "physical violence", "occupied_bed_days", "u", "decrease"),
        Measure("restraint_episodes", "restraint", "occupied_bed_days", "u", "decrease"),
        Measure("prone_restraints", "prone restraint", "occupied_bed_days", "u", "decrease"),
        Measure("seclusion_episodes", "seclusion", "occupied_bed_days", "u", "decrease"),
        Measure(
            "rapid_tranquillisation",
            "rapid tranquillisation",
            "occupied_bed_days",
            "u",
            "decrease",
        ),
        Measure("self_harm_incidents", "self-harm", "occupied_bed_days", "u", "decrease"),
        Measure(
            "sexual_safety_incidents",
            "sexual-safety incidents",
            "occupied_bed_days",
            "u",
            "decrease",
        ),
        Measure("falls", "falls", "occupied_bed_days", "u", "decrease"),
        Measure("huddles_held", "shifts with a safety huddle", "shifts", "p", "increase"),
        Measure(
            "observations_on_time", "observations on time", "observations_due", "p", "increase"
        ),
        Measure("news2_complete", "NEWS2 sets complete", "news2_due", "p", "increase"),
        Measure(
            "patients_feeling_safe",
            "patients feeling safe",
            "patients_surveyed",
            "p",
            "increase",
        ),
    )
}


@dataclass(frozen=True)
class ChangeIdea:
    """A change idea a ward tests, what it should move, and how its PDSA cycles are planned."""

    work_stream: str
    idea: str
    driver: str
    objective: str
    who: str
    where: str
    outcomes: tuple[str, ...]
    processes: tuple[str, ...] = ()
    balancing: tuple[str, ...] = ()


CHANGE_PACKAGE = {
    c.work_stream: c
    for c in (
        ChangeIdea(
            "reducing restrictive practice",
            "Calm-down methods and a debrief after every restraint",
            "Staff skills in de-escalation",
            "See whether offering calm-down methods early reduces the need for restraint",
            "the nurse in charge and two healthcare support workers",
            "the ward lounge and bedroom corridor",
            outcomes=("restraint_episodes", "rapid_tranquillisation"),
            balancing=("violence_incidents",),
        ),
        ChangeIdea(
            "violence and aggression",
            "Safety huddle every shift with a violence risk checklist",
            "Shared awareness of risk on each shift",
            "See whether a short huddle each shift helps staff spot and defuse rising tension",
            "the nurse in charge with everyone on shift",
            "the nursing office at handover",
            outcomes=("violence_incidents",),
            processes=("huddles_held",),
        ),
        ChangeIdea(
            "sexual safety",
            "Sexual safety charter discussed at every community meeting",
            "Patients know what is expected and how to raise concerns",
            "See whether talking through the charter helps patients feel safe on the ward",
            "the ward manager and an occupational therapist",
            "the community meeting room",
            outcomes=("patients_feeling_safe", "sexual_safety_incidents"),
        ),
        ChangeIdea(
            "self-harm",
            "Safety plan written with each patient within a day of admission",
            "Patients and staff share a plan for moments of crisis",
            "See whether a safety plan made together reduces self-harm on the ward",
            "the named nurse with the patient",
            "the patient's bedroom or a quiet room",
            outcomes=("self_harm_incidents",),
            processes=("observations_on_time",),
        ),
        ChangeIdea(
            "falls",
            "Falls risk review with lying and standing blood pressure on admission",
            "Risks found and acted on early",
            "See whether a falls review on admission reduces falls",
            "the admitting nurse and the physiotherapist",
            "the clinic room",
            outcomes=("falls",),
            processes=("news2_complete",),
        ),
        ChangeIdea(
            "physical health",
            "NEWS2 prompt card and a named nurse for physical health each shift",
            "Reliable physical health monitoring",
            "See whether a prompt card and a named nurse make NEWS2 sets complete and on time",
            "the named physical-health nurse on each shift",
            "the clinic room and the ward office",
            outcomes=("news2_complete",),
        ),
    )
}

# The scale of each PDSA cycle in a ramp, from a small test to whole-ward use (QI_REFERENCE 2.2).
RAMP_SCALES = (
    "one nurse on one shift",
    "one shift a day for a week",
    "every shift for two weeks",
    "every shift, the whole ward",
)
