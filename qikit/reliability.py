"""Reliability of care processes: component, composite and all-or-none compliance, IHI levels.

All-or-none is counted patient by patient: a patient counts only if every element that applied to
them was delivered (Nolan and Berwick, JAMA 2006 [S63]). It is never found by multiplying the
element rates, which is only right if elements fail independently, and they rarely do. The
what-if calculator (:func:`combine`) shows what multiplying *would* give, beside the best and
worst cases, to show why a 95% bundle needs design, not vigilance (QI_REFERENCE 7.2).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from qikit.errors import DataError

#: IHI reliability levels [S59]: name, lowest success rate, failures "per" (10, 100, 1,000).
#: The names are the IHI paper's shorthand (ten to the minus one, two, three), kept as the levels'
#: keys; a learner reads :func:`level_name` instead: "1 failure in 10".
LEVELS = (
    ("chaotic", 0.0, 10, "More than 2 failures in every 10: no reliable design yet"),
    ("10^-1", 0.80, 10, "1 or 2 failures in every 10: the best that hard work and vigilance give"),
    ("10^-2", 0.95, 100, "5 or fewer failures in every 100: a process designed to be reliable"),
    ("10^-3", 0.995, 1000, "5 or fewer failures in every 1,000: a highly reliable design"),
)
LEVEL_NAMES = tuple(level[0] for level in LEVELS)
#: What reliability_level gives when fewer than 10 patients were audited and none is claimable.
TOO_FEW = "too few patients"


def _elements(audit: pd.DataFrame, elements: Sequence[str]) -> pd.DataFrame:
    if not isinstance(audit, pd.DataFrame):
        raise DataError(
            f"audit: expected a table (DataFrame) with one row per patient, found "
            f"{type(audit).__name__}. Load one with qikit.datasets.load('bundle_audit')."
        )
    elements = list(elements)
    if not elements:
        raise DataError("elements: name at least one column of the audit, such as 'ecg_done'.")
    lost = [e for e in elements if e not in audit.columns]
    if lost:
        raise DataError(
            f"The audit has no column {', '.join(map(repr, lost))}. Expected one yes/no column "
            f"per element; found {', '.join(map(str, audit.columns))}."
        )
    out = {}
    for element in elements:
        column = audit[element]
        text = column.astype("string").str.strip().str.lower()
        yes = text.isin(["true", "yes", "y", "1", "1.0", "met"])
        no = text.isin(["false", "no", "n", "0", "0.0", "not met"])
        not_applicable = column.isna() | text.isin(["", "n/a", "na", "not applicable"])
        bad = ~(yes | no | not_applicable)
        if bad.fillna(False).any():
            examples = ", ".join(repr(v) for v in column[bad.fillna(False)].unique()[:3])
            raise DataError(
                f"Column '{element}': expected yes/no (or blank for not applicable), found "
                f"{examples}. Record each element as yes, no or blank."
            )
        out[element] = pd.array(
            np.where(not_applicable.fillna(True), pd.NA, yes.fillna(False)), dtype="boolean"
        )
    return pd.DataFrame(out, index=audit.index)


def per_patient(audit: pd.DataFrame, elements: Sequence[str]) -> pd.DataFrame:
    """The audit with, for each patient, elements that applied, elements met and all met."""
    met = _elements(audit, elements)
    out = audit.copy()
    out["elements_applicable"] = met.notna().sum(axis=1)
    out["elements_met"] = met.fillna(False).astype(int).sum(axis=1)
    applies = out["elements_applicable"] > 0
    out["all_met"] = (out["elements_met"] == out["elements_applicable"]).where(applies)
    return out


@dataclass(frozen=True)
class Compliance:
    """Compliance of one group of audited patients.

    ``components``: per element, patients it applied to, patients who got it, and the rate.
    ``composite``: share of all applicable elements delivered. ``all_or_none``: share of patients
    who got every element that applied to them.
    """

    components: pd.DataFrame
    composite: float
    all_or_none: float
    patients: int
    patients_all_met: int

    @property
    def level(self) -> str:
        """The IHI reliability level of the all-or-none rate (see :func:`reliability_level`)."""
        return reliability_level(self.all_or_none, self.patients)


def compliance(audit: pd.DataFrame, elements: Sequence[str]) -> Compliance:
    """Component, composite and all-or-none compliance of a patient-level audit.

    Each row is one patient; each element column is yes/no (True/False), blank where the element
    did not apply to that patient.
    """
    met = _elements(audit, elements)
    applicable = met.notna()
    delivered = met.fillna(False).astype(bool)
    components = pd.DataFrame(
        {
            "element": list(met.columns),
            "patients": applicable.sum().to_numpy(),
            "met": delivered.sum().to_numpy(),
        }
    )
    components["rate"] = components["met"] / components["patients"].where(
        components["patients"] > 0
    )
    opportunities = int(applicable.to_numpy().sum())
    counted = applicable.any(axis=1)
    all_met = (delivered | ~applicable).all(axis=1) & counted
    patients = int(counted.sum())
    return Compliance(
        components=components,
        composite=float(delivered.to_numpy().sum() / opportunities) if opportunities else math.nan,
        all_or_none=float(all_met.sum() / patients) if patients else math.nan,
        patients=patients,
        patients_all_met=int(all_met.sum()),
    )


def compliance_over_time(audit: pd.DataFrame, elements: Sequence[str], x: str) -> pd.DataFrame:
    """Patients audited and patients with every element met, per value of ``x`` (such as week).

    The result suits a p chart: ``qikit.spc(table, y="all_met", n="patients", x=x, chart="p")``.
    """
    if x not in audit.columns:
        raise DataError(
            f"x: the audit has no column '{x}'. Name the column that says when each patient was "
            "audited, such as 'audit_week' or 'audit_date'."
        )
    rows = per_patient(audit, elements)
    rows = rows[rows["all_met"].notna()]
    table = (
        rows.groupby(x, sort=True)
        .agg(patients=("all_met", "size"), all_met=("all_met", "sum"))
        .reset_index()
    )
    table["all_met"] = table["all_met"].astype(int)
    table["rate"] = table["all_met"] / table["patients"]
    return table


def reliability_level(rate: float, patients: int | None = None) -> str:
    """The IHI reliability level a success rate reaches [S59].

    Below 80%: chaotic; 80% up to 95%: 1 failure in 10 (the table's 90-95% gap is counted here,
    because 1 in 100 needs 5 or fewer failures per 100); 95% up to 99.5%: 1 in 100; 99.5% and
    above: 1 in 1,000. The level's key is the IHI's shorthand ("10^-1"); :func:`level_name`
    says it in words. A level is a claim about failures per 10, 100 or 1,000, so with
    ``patients`` given, a level is only reached when at least that many patients were audited
    (50 patients with no failure show 1 in 10, not 1 in 1,000). With fewer than 10 patients
    and a rate of 80% or more, no level can be claimed either way: the answer is "too few
    patients", not "chaotic".
    """
    if rate is None or (isinstance(rate, float) and math.isnan(rate)):
        raise DataError("rate: there is no rate to judge. Audit at least one patient first.")
    if not 0 <= rate <= 1:
        raise DataError(
            f"rate: expected a share from 0 to 1 (such as 0.95 for 95%), found {rate!r}. "
            "Divide a percentage by 100."
        )
    if patients is not None and patients < LEVELS[1][2] and rate >= LEVELS[1][1] - 1e-12:
        return TOO_FEW
    reached = "chaotic"
    for name, lowest, per, _ in LEVELS:
        if rate >= lowest - 1e-12 and (patients is None or patients >= per or name == "chaotic"):
            reached = name
    return reached


#: Each level in plain words, as the page shows it.
LEVEL_WORDS = {
    "chaotic": "chaotic (below 80 %)",
    "10^-1": "1 failure in 10 (80 % to below 95 %)",
    "10^-2": "1 failure in 100 (95 % to below 99.5 %)",
    "10^-3": "1 failure in 1,000 (99.5 % or more)",
    TOO_FEW: "too few patients to say",
}


def level_name(level: str) -> str:
    """A reliability level in plain words: "1 failure in 10 (80 % to below 95 %)"."""
    if level not in LEVEL_WORDS:
        raise DataError(
            f"level: expected one of {', '.join(map(repr, LEVEL_NAMES))}, found {level!r}."
        )
    return LEVEL_WORDS[level]


def level_description(level: str) -> str:
    """A sentence saying what a reliability level means."""
    if level == TOO_FEW:
        return "Fewer than 10 patients audited: too few to claim any level, good or bad"
    for name, _, _, words in LEVELS:
        if name == level:
            return words
    raise DataError(f"level: expected one of {', '.join(LEVEL_NAMES)}, found {level!r}.")


@dataclass(frozen=True)
class WhatIf:
    """How element reliabilities combine into the chance a patient gets every element.

    ``if_independent``: the product of the rates (right only if failures are unrelated).
    ``worst_case``: every failure falls on a different patient (max(0, sum - (k - 1))).
    ``best_case``: failures all fall on the same patients (the lowest element rate).
    """

    rates: tuple[float, ...]
    if_independent: float
    worst_case: float
    best_case: float

    @property
    def level(self) -> str:
        return reliability_level(self.if_independent)


def combine(rates: Sequence[float]) -> WhatIf:
    """What-if: the all-or-none rate that element rates would give, with its best and worst case.

    Three elements at 70%, 53% and 55% give 20.4% if independent (QI_REFERENCE 7.3 [S64]), and
    anywhere from 0% to 53% depending on how failures cluster in patients: which is why the
    real all-or-none rate must be counted patient by patient.
    """
    rates = tuple(float(r) for r in rates)
    if not rates:
        raise DataError("rates: give at least one element's reliability, such as 0.9.")
    for r in rates:
        if not 0 <= r <= 1:
            raise DataError(
                f"rates: expected shares from 0 to 1 (0.9 for 90%), found {r!r}. "
                "Divide percentages by 100."
            )
    return WhatIf(
        rates=rates,
        if_independent=math.prod(rates),
        worst_case=max(0.0, sum(rates) - (len(rates) - 1)),
        best_case=min(rates),
    )


def element_rate_needed(target: float, elements: int) -> float:
    """How reliable each of ``elements`` independent elements must be for ``target`` overall.

    For example 95% over 5 elements needs 98.98% each: beyond the 80-90% that vigilance gives.
    """
    if not 0 < target <= 1:
        raise DataError(f"target: expected a share above 0 and at most 1, found {target!r}.")
    if isinstance(elements, bool) or not isinstance(elements, int) or elements < 1:
        raise DataError(f"elements: expected a whole number of 1 or more, found {elements!r}.")
    return target ** (1 / elements)
