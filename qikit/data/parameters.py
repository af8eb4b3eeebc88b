"""The numbers behind the synthetic collaborative, each with its source.

Sources are the section and source tag of ``QI_REFERENCE.md`` (the kit's reference of QI rules and
published rates). A value marked ``assumed`` has no published anchor: it was chosen to look
plausible for a UK mental-health ward and should be read as an assumption, not a fact.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

ASSUMED = "assumed"


@dataclass(frozen=True)
class Parameter:
    """One number used by the generator, with its unit and where it comes from."""

    name: str
    value: float
    unit: str
    source: str
    low: float | None = None
    high: float | None = None
    note: str = ""


WARD_TYPES = ("adult acute", "PICU", "older adult", "forensic/rehab")

WORK_STREAMS = (
    "reducing restrictive practice",
    "violence and aggression",
    "sexual safety",
    "self-harm",
    "falls",
    "physical health",
)

# Ward types repeat in this order across the collaborative (about half adult acute, as in England
# where adult acute is the largest service line; QI_REFERENCE 9.1 [S77]).
WARD_TYPE_CYCLE = (
    "adult acute",
    "PICU",
    "older adult",
    "adult acute",
    "forensic/rehab",
    "adult acute",
    "older adult",
    "adult acute",
)

# Work streams a ward of each type may join, taken in turn (falls only on older-adult wards,
# QI_REFERENCE 9.2).
STREAMS_BY_WARD_TYPE = {
    "adult acute": (
        "reducing restrictive practice",
        "violence and aggression",
        "self-harm",
        "sexual safety",
        "physical health",
    ),
    "PICU": ("reducing restrictive practice", "violence and aggression"),
    "older adult": ("falls", "physical health"),
    "forensic/rehab": (
        "violence and aggression",
        "sexual safety",
        "physical health",
        "reducing restrictive practice",
    ),
}

# Beds per ward: (lowest, highest). Adult acute 18-22 is QI_REFERENCE 9.1 [U]; the rest assumed.
BEDS = {
    "adult acute": Parameter("beds, adult acute", 20, "beds", "QI_REFERENCE 9.1 [U]", 18, 22),
    "PICU": Parameter("beds, PICU", 10, "beds", ASSUMED, 8, 12),
    "older adult": Parameter("beds, older adult", 17, "beds", ASSUMED, 15, 20),
    "forensic/rehab": Parameter("beds, forensic/rehab", 14, "beds", ASSUMED, 12, 16),
}

OCCUPANCY = Parameter(
    "mean bed occupancy",
    0.94,
    "fraction of beds",
    "QI_REFERENCE 9.1: 95% in 2019 [S77], 94% in 2016 [S78]",
    0.88,
    0.99,
    "each ward's mean is drawn from the range; weekly values wander around it (sd 0.03, "
    "smoothed over 4 weeks, assumed) and never exceed 100%",
)
OCCUPANCY_WEEKLY_SD = 0.03

# Mean length of stay in days, used for admissions = occupied bed days / length of stay.
LENGTH_OF_STAY = {
    "adult acute": Parameter("length of stay, adult acute", 33, "days", "QI_REFERENCE 9.1 [S77]"),
    "PICU": Parameter("length of stay, PICU", 21, "days", ASSUMED),
    "older adult": Parameter("length of stay, older adult", 60, "days", ASSUMED),
    "forensic/rehab": Parameter("length of stay, forensic/rehab", 300, "days", ASSUMED),
}

# Incident rates on an adult acute ward, per 1,000 occupied bed days. `low`/`high` give the range
# the whole collaborative's rate should fall in (checked by the tests).
RATES = {
    "violence_incidents": Parameter(
        "physical violence",
        11.0,
        "per 1,000 occupied bed days",
        "QI_REFERENCE 9.2: 12.1 -> 7.2 on East London wards [S88]; guidance 7-12",
        7,
        12,
    ),
    "restraint_episodes": Parameter(
        "restraint",
        16.0,
        "per 1,000 occupied bed days",
        "QI_REFERENCE 9.2: 9.5 [S86], 11.7 [S85], 23 [S87]; guidance 10-25",
        10,
        25,
    ),
    "seclusion_episodes": Parameter(
        "seclusion",
        3.0,
        "per 1,000 occupied bed days",
        ASSUMED,
        1,
        6,
        "no UK per-bed-day rate found (QI_REFERENCE 11.5)",
    ),
    "rapid_tranquillisation": Parameter(
        "rapid tranquillisation",
        5.0,
        "per 1,000 occupied bed days",
        ASSUMED,
        2,
        10,
        "no UK per-bed-day rate found (QI_REFERENCE 11.5)",
    ),
    "self_harm_incidents": Parameter(
        "self-harm",
        6.0,
        "per 1,000 occupied bed days",
        ASSUMED,
        2,
        10,
        "no UK adult per-bed-day rate found (QI_REFERENCE 9.2)",
    ),
    "sexual_safety_incidents": Parameter(
        "sexual-safety incidents",
        0.65,
        "per 1,000 occupied bed days",
        "QI_REFERENCE 9.2: derived 0.6-0.7 from CQC 2017 [S94]",
        0.3,
        1.0,
    ),
    "falls": Parameter(
        "falls (older-adult wards only)",
        2.0,
        "per 1,000 occupied bed days",
        "QI_REFERENCE 9.2: 1.25 in psychiatric units [S95]; guidance 1-3",
        1,
        3,
    ),
}

# Rate multipliers by ward type (adult acute = 1). All assumed: PICUs see the most conflict.
TYPE_MULTIPLIER = {
    "adult acute": 1.0,
    "PICU": 2.0,
    "older adult": 0.5,
    "forensic/rehab": 0.6,
}

STREAM_FOCUS = Parameter(
    "incident rate on wards that joined the work stream for that incident",
    1.5,
    "times the usual rate",
    ASSUMED,
    note="wards join the work stream where they have most to gain",
)

PRONE_SHARE = Parameter(
    "share of restraints that are prone", 0.15, "fraction of restraint episodes", ASSUMED
)

# Over-dispersion: weekly counts are Poisson with a gamma-distributed mean (negative binomial);
# variance = mean + mean^2 / shape. A few high-need patients dominate restraint (QI_REFERENCE 9.2
# [S85]), so restraint is the most over-dispersed. All shapes assumed.
GAMMA_SHAPE = {
    "violence_incidents": 4.0,
    "restraint_episodes": 2.5,
    "seclusion_episodes": 4.0,
    "rapid_tranquillisation": 4.0,
    "self_harm_incidents": 3.0,
    "sexual_safety_incidents": 6.0,
    "falls": 6.0,
}
WARD_EFFECT_SHAPE = Parameter(
    "between-ward variation in incident rates", 8.0, "gamma shape (mean 1)", ASSUMED
)

# Proportions (process and patient-reported measures), baseline share of the denominator.
PROPORTIONS = {
    "huddles_held": Parameter(
        "shifts with a safety huddle",
        0.55,
        "fraction of shifts",
        ASSUMED,
        0.4,
        0.9,
        "QI_REFERENCE 9.2 lists huddles as a measure but gives no rate",
    ),
    "observations_on_time": Parameter(
        "observations done on time",
        0.82,
        "fraction of observations due",
        ASSUMED,
        0.7,
        0.98,
        "no published rate found (QI_REFERENCE 9.2)",
    ),
    "news2_complete": Parameter(
        "NEWS2 sets complete and on time",
        0.65,
        "fraction of NEWS2 sets due",
        ASSUMED,
        0.5,
        0.95,
        "audits exist but no benchmark rate (QI_REFERENCE 9.2 [S97])",
    ),
    "patients_feeling_safe": Parameter(
        "patients who feel safe",
        0.65,
        "fraction of patients surveyed",
        ASSUMED,
        0.5,
        0.9,
        "no benchmark found (QI_REFERENCE 9.2 [S98])",
    ),
}
BETA_CONCENTRATION = Parameter(
    "week-to-week variation in proportions", 120.0, "beta concentration", ASSUMED
)
SHIFTS_PER_DAY = Parameter("shifts per day", 3, "shifts", ASSUMED)
OBSERVATIONS_AUDITED_PER_BED_DAY = Parameter(
    "observations audited", 0.5, "per occupied bed day", ASSUMED
)
NEWS2_SETS_PER_BED_DAY = {
    "adult acute": 1 / 7,
    "PICU": 1 / 7,
    "older adult": 1.0,
    "forensic/rehab": 1 / 7,
}  # assumed: weekly on most wards, daily on older-adult wards
SURVEY_SHARE = Parameter(
    "patients answering the weekly feeling-safe question", 0.6, "fraction of patients", ASSUMED
)

# Changes and their effects (the ground truth).
OUTCOME_RATE_RATIO = Parameter(
    "effect of a working change on an incident rate",
    0.43,
    "rate ratio (after / before)",
    "QI_REFERENCE 9.2: 0.6 violence [S88], 0.72 [S89], 0.4 and 0.23 restraint [S84]; "
    "aim >= 25% cut [S81]",
    0.3,
    0.55,
    "drawn from the range, the stronger half of the published reductions, so that a chart "
    "of one ward can show them",
)
PROCESS_CHANGE = Parameter(
    "effect of a working change on a process measure",
    0.22,
    "share of the denominator (0.15 = 15 percentage points)",
    ASSUMED,
    0.15,
    0.30,
)
BALANCING_RATE_RATIO = Parameter(
    "balancing measure that got worse",
    2.05,
    "rate ratio (after / before)",
    ASSUMED,
    1.8,
    2.3,
)
NO_EFFECT_SHARE = Parameter(
    "share of wards whose change had no effect", 0.25, "fraction of wards", ASSUMED
)
RAMP_WEEKS = Parameter(
    "weeks from first test to full use (PDSA ramp)",
    6,
    "weeks",
    "assumed; ramps from small tests to full use, QI_REFERENCE 2.2",
    4,
    8,
)
START_FRACTION = Parameter(
    "when changes start, as a share of the weeks",
    0.42,
    "fraction of the series",
    "assumed; baseline before Learning Session 1, QI_REFERENCE 8.1",
    0.30,
    0.55,
)
DETECTABLE_CHANGE = Parameter(
    "smallest change in an incident rate a chart of 4-weekly rates reliably shows",
    1.5,
    "Poisson standard deviations per 4 weeks",
    ASSUMED,
    note="|1 - rate ratio| x sqrt(expected events in 4 weeks before the change); smaller "
    "changes, or rarer events, need the events file (t or g chart) and more time",
)

# SCORE survey and bundle audit.
STAFF_PER_BED = Parameter("staff per bed", 2.0, "people", ASSUMED)
SURVEY_RESPONSE_RATE = Parameter("SCORE response rate", 0.6, "fraction of staff", ASSUMED)
NOT_APPLICABLE_SHARE = Parameter(
    "items answered 'not applicable'", 0.02, "fraction of answers", ASSUMED
)
BURNOUT_SHARE = Parameter(
    "staff reporting burnout",
    0.3,
    "fraction of respondents",
    "QI_REFERENCE 6.2: 7.5%-54.4% of staff by unit, mean 25.9% [S56]",
    0.075,
    0.544,
    "reached through the SCORE mean answer for Personal Burnout (score >= 50 counts as burnout, "
    "QI_REFERENCE 6.2 [U])",
)
BUNDLE_PATIENTS_PER_AUDIT = Parameter(
    "patients audited per ward every 4 weeks", 10, "patients", ASSUMED
)
BUNDLE_RELIABILITY = {
    "bp_and_pulse_recorded": 0.95,
    "weight_and_bmi_recorded": 0.88,
    "bloods_taken": 0.80,
    "ecg_done": 0.68,
    "smoking_status_recorded": 0.85,
}  # assumed; item rates 56.5%-93.8% in a national bundle report (QI_REFERENCE 7.3 [S64])


def _assumed(label: str, values: dict, unit: str) -> list[Parameter]:
    return [Parameter(f"{label}, {key}", value, unit, ASSUMED) for key, value in values.items()]


def parameter_table() -> pd.DataFrame:
    """All documented parameters as a table: name, value, range, unit, source, note."""
    from qikit.data.score import DOMAIN_MEAN, DOMAINS, ROLE_SHARE, ROLES

    rows: list[Parameter] = [
        *BEDS.values(),
        OCCUPANCY,
        *LENGTH_OF_STAY.values(),
        *RATES.values(),
        *_assumed("incident rate multiplier", TYPE_MULTIPLIER, "times the adult acute rate"),
        STREAM_FOCUS,
        PRONE_SHARE,
        WARD_EFFECT_SHAPE,
        *_assumed("week-to-week over-dispersion", GAMMA_SHAPE, "gamma shape"),
        *PROPORTIONS.values(),
        BETA_CONCENTRATION,
        SHIFTS_PER_DAY,
        OBSERVATIONS_AUDITED_PER_BED_DAY,
        *_assumed("NEWS2 sets due", NEWS2_SETS_PER_BED_DAY, "per occupied bed day"),
        SURVEY_SHARE,
        OUTCOME_RATE_RATIO,
        PROCESS_CHANGE,
        BALANCING_RATE_RATIO,
        NO_EFFECT_SHARE,
        RAMP_WEEKS,
        START_FRACTION,
        DETECTABLE_CHANGE,
        STAFF_PER_BED,
        SURVEY_RESPONSE_RATE,
        *_assumed("respondents", dict(zip(ROLES, ROLE_SHARE, strict=True)), "fraction"),
        *_assumed(
            "SCORE mean answer", dict(zip(DOMAINS, DOMAIN_MEAN, strict=True)), "points (1-5)"
        ),
        NOT_APPLICABLE_SHARE,
        BURNOUT_SHARE,
        BUNDLE_PATIENTS_PER_AUDIT,
        *[
            Parameter(
                f"bundle element met, {key}",
                value,
                "fraction of patients",
                ASSUMED,
                note="item rates 56.5%-93.8% in a national bundle report (QI_REFERENCE 7.3 [S64])",
            )
            for key, value in BUNDLE_RELIABILITY.items()
        ],
    ]
    return pd.DataFrame(
        {
            "parameter": [p.name for p in rows],
            "value": [p.value for p in rows],
            "low": [p.low for p in rows],
            "high": [p.high for p in rows],
            "unit": [p.unit for p in rows],
            "source": [p.source for p in rows],
            "note": [p.note for p in rows],
        }
    )
