"""Patient-level audits of a 5-element physical health bundle on admission.

Each element has its own reliability (QI_REFERENCE 7.3: item rates differ, and the share of
patients who get every element, all-or-none, is lower than any single element). A patient's
chance of each element shares a patient-level term (some patients are too unwell for any checks
in the first day), so elements are not independent.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from qikit.data import parameters as p
from qikit.data.names import identifiers

BUNDLE_ELEMENTS = tuple(p.BUNDLE_RELIABILITY)
AUDIT_EVERY_WEEKS = 4


def _logit(x: np.ndarray) -> np.ndarray:
    return np.log(x / (1 - x))


def bundle_audit_table(
    rng: np.random.Generator, ward_ids: np.ndarray, admissions: np.ndarray, start_date: dt.date
) -> pd.DataFrame:
    """One row per audited patient: ward, audit week and date, and each element met (yes/no)."""
    n_wards, weeks = admissions.shape
    n_blocks = weeks // AUDIT_EVERY_WEEKS
    admitted = admissions[:, : n_blocks * AUDIT_EVERY_WEEKS]
    admitted = admitted.reshape(n_wards, n_blocks, AUDIT_EVERY_WEEKS).sum(axis=2)
    audited = np.minimum(admitted, int(p.BUNDLE_PATIENTS_PER_AUDIT.value)).ravel()

    ward = np.repeat(np.repeat(np.arange(n_wards), n_blocks), audited)
    block = np.repeat(np.tile(np.arange(n_blocks), n_wards), audited)
    n_patients = ward.size
    base = _logit(np.array([p.BUNDLE_RELIABILITY[e] for e in BUNDLE_ELEMENTS]))
    ward_shift = rng.normal(0.0, 0.3, (n_wards, len(BUNDLE_ELEMENTS)))
    patient_shift = rng.normal(0.0, 0.5, n_patients)
    chance = 1 / (1 + np.exp(-(base + ward_shift[ward] + patient_shift[:, None])))
    met = rng.random((n_patients, len(BUNDLE_ELEMENTS))) < chance

    audit_week = AUDIT_EVERY_WEEKS * (block + 1)
    table = pd.DataFrame(
        {
            "patient_ref": identifiers("P", n_patients, 5),
            "ward_id": ward_ids[ward],
            "audit_week": audit_week,
            "audit_date": pd.Timestamp(start_date)
            + pd.to_timedelta(7 * (audit_week - 1) + 4, unit="D"),
        }
    )
    for k, element in enumerate(BUNDLE_ELEMENTS):
        table[element] = met[:, k]
    return table
